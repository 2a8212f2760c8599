-- Orders whose subtotal differs from the sum of their items' prices (an order without items counts 0),
-- each item at the price in force when the order was placed (int_product_prices).
-- It reads stg_orders and int_order_items_enriched, not the facts that hold the same columns: reading
-- what both facts read makes it gate them (a mismatch keeps fct_orders and fct_order_items from being
-- rebuilt: test/integration/faults/business-rules.test.ts), which reading the facts themselves would not (issue 15).
with

orders as (

    select * from {{ ref('stg_orders') }}

),

order_items as (

    select * from {{ ref('int_order_items_enriched') }}

),

items_subtotal as (

    select

        order_items.order_id,
        sum(order_items.price) as items_subtotal

    from order_items

    where order_items.price is not null

    group by order_items.order_id

)

select

    orders.order_id,
    orders.subtotal,
    coalesce(items_subtotal.items_subtotal, 0) as items_subtotal

from orders

left join items_subtotal
    on orders.order_id = items_subtotal.order_id

where orders.subtotal <> coalesce(items_subtotal.items_subtotal, 0)
