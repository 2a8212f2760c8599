with

products as (

    select * from {{ ref('stg_products') }}

),

product_supply_costs as (

    select * from {{ ref('int_product_supply_costs') }}

),

final as (

    select

        products.product_id,
        products.product_name,
        products.product_type,
        products.product_description,
        products.is_food_item,
        products.is_drink_item,

        products.product_price as price,
        product_supply_costs.supply_count,
        product_supply_costs.supply_cost,
        product_supply_costs.perishable_supply_cost,
        product_supply_costs.non_perishable_supply_cost,
        cast(products.product_price - product_supply_costs.supply_cost as numeric(12, 2)) as unit_margin

    from products

    left join product_supply_costs
        on products.product_id = product_supply_costs.product_id

)

select * from final
