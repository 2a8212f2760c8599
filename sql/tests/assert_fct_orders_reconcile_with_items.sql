-- Orders whose item count or supply cost in fct_orders disagrees with their rows in fct_order_items,
-- and items missing from fct_order_items (a dropped item would shift every total).
-- fct_order_items is read by its name in both places, not through one CTE: PostgreSQL materializes a
-- CTE that is read twice, every column of every item (issue 15: twice the time on 3 years of data).
with

orders as (

    select * from {{ ref('fct_orders') }}

),

staged_items as (

    select * from {{ ref('stg_order_items') }}

),

items_by_order as (

    select

        order_id,
        count(*) as item_count,
        sum(supply_cost) as order_cost

    from {{ ref('fct_order_items') }}

    group by order_id

),

order_mismatches as (

    select

        orders.order_id,
        'order totals differ from fct_order_items' as problem

    from orders

    left join items_by_order
        on orders.order_id = items_by_order.order_id

    where orders.item_count <> coalesce(items_by_order.item_count, 0)
        or orders.order_cost <> coalesce(items_by_order.order_cost, 0)

),

missing_items as (

    select

        staged_items.order_id,
        'item ' || staged_items.order_item_id || ' missing from fct_order_items' as problem

    from staged_items

    left join {{ ref('fct_order_items') }} as order_items
        on staged_items.order_item_id = order_items.order_item_id

    where order_items.order_item_id is null

)

select * from order_mismatches
union all
select * from missing_items
