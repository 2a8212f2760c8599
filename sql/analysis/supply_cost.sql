-- One row: supply cost consumed by all items sold, split by the supplies' perishable flag.
with

order_items as (

    select * from {{ ref('fct_order_items') }}

),

totals as (

    select

        cast(coalesce(sum(perishable_supply_cost), 0) as numeric(18, 2)) as perishable_supply_cost,
        cast(coalesce(sum(non_perishable_supply_cost), 0) as numeric(18, 2)) as non_perishable_supply_cost

    from order_items

),

final as (

    select

        round(perishable_supply_cost, 2) as perishable_supply_cost,
        round(non_perishable_supply_cost, 2) as non_perishable_supply_cost,
        round(
            perishable_supply_cost
            / nullif(perishable_supply_cost + non_perishable_supply_cost, 0),
            4
        ) as perishable_share

    from totals

)

select * from final
