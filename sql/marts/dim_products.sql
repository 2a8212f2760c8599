with

products as (

    select * from {{ ref('stg_products') }}

),

product_supply_costs as (

    select * from {{ ref('int_product_supply_costs') }}

),

categories as (

    -- seed: sku → category, subcategory
    select * from {{ ref('product_categories') }}

),

final as (

    select

        products.product_id,
        products.product_name,
        products.product_type,
        products.product_description,
        products.is_food_item,
        products.is_drink_item,
        coalesce(categories.category, case when products.is_food_item then 'food' else 'drink' end) as category,
        coalesce(categories.subcategory, 'other') as subcategory,

        products.product_price as price,
        product_supply_costs.supply_count,
        product_supply_costs.supply_cost,
        product_supply_costs.perishable_supply_cost,
        product_supply_costs.non_perishable_supply_cost,
        cast(products.product_price - product_supply_costs.supply_cost as numeric(12, 2)) as unit_margin

    from products

    left join product_supply_costs
        on products.product_id = product_supply_costs.product_id

    left join categories
        on products.product_id = categories.sku

)

select * from final
