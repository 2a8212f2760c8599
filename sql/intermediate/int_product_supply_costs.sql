with

products as (

    select * from {{ ref('stg_products') }}

),

supplies as (

    select * from {{ ref('stg_supplies') }}

),

supply_costs as (

    select

        product_id,
        count(*) as supply_count,
        sum(supply_cost) as supply_cost,
        sum(case when is_perishable then supply_cost else 0 end) as perishable_supply_cost,
        sum(case when is_perishable then 0 else supply_cost end) as non_perishable_supply_cost

    from supplies

    group by product_id

),

final as (

    -- every product, including one with no supplies listed (costs 0)
    select

        products.product_id,
        cast(coalesce(supply_costs.supply_count, 0) as integer) as supply_count,
        cast(coalesce(supply_costs.supply_cost, 0) as numeric(12, 2)) as supply_cost,
        cast(coalesce(supply_costs.perishable_supply_cost, 0) as numeric(12, 2)) as perishable_supply_cost,
        cast(coalesce(supply_costs.non_perishable_supply_cost, 0) as numeric(12, 2)) as non_perishable_supply_cost

    from products

    left join supply_costs
        on products.product_id = supply_costs.product_id

)

select * from final
