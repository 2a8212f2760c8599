with

orders as (

    select * from {{ ref('stg_orders') }}

),

order_items as (

    select * from {{ ref('int_order_items_enriched') }}

),

-- the tax rate in force when the order was placed (a later rate change does not restate it)
store_tax_rates as (

    select * from {{ ref('int_store_tax_rates') }}

),

order_items_summary as (

    select

        order_id,
        count(*) as item_count,
        sum(case when is_food_item then 1 else 0 end) as food_item_count,
        sum(case when is_drink_item then 1 else 0 end) as drink_item_count,
        sum(supply_cost) as order_cost

    from order_items

    group by order_id

),

joined as (

    select

        orders.order_id,
        orders.customer_id,
        orders.store_id,
        orders.ordered_at,
        orders.order_date,

        orders.subtotal,
        store_tax_rates.tax_rate,
        orders.tax_paid,
        orders.order_total,

        cast(coalesce(order_items_summary.item_count, 0) as integer) as item_count,
        cast(coalesce(order_items_summary.food_item_count, 0) as integer) as food_item_count,
        cast(coalesce(order_items_summary.drink_item_count, 0) as integer) as drink_item_count,
        cast(coalesce(order_items_summary.order_cost, 0) as numeric(12, 2)) as order_cost,

        cast(
            row_number() over (
                partition by orders.customer_id
                order by orders.ordered_at, orders.order_id
            ) as integer
        ) as customer_order_number

    from orders

    left join order_items_summary
        on orders.order_id = order_items_summary.order_id

    left join store_tax_rates
        on orders.store_id = store_tax_rates.store_id
        and (store_tax_rates.valid_from is null or orders.ordered_at >= store_tax_rates.valid_from)
        and (store_tax_rates.valid_to is null or orders.ordered_at < store_tax_rates.valid_to)

),

final as (

    select

        order_id,
        customer_id,
        store_id,
        ordered_at,
        order_date,

        subtotal,
        tax_rate,
        tax_paid,
        order_total,

        item_count,
        food_item_count,
        drink_item_count,
        case when food_item_count > 0 then true else false end as is_food_order,
        case when drink_item_count > 0 then true else false end as is_drink_order,

        order_cost,
        cast(subtotal - order_cost as numeric(12, 2)) as order_margin,

        customer_order_number,
        case when customer_order_number = 1 then true else false end as is_first_order

    from joined

)

select * from final
