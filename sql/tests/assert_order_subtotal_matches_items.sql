-- Orders whose subtotal differs from the sum of their items' prices (an order without items counts 0).
with

orders as (

    select * from {{ ref('stg_orders') }}

),

order_items as (

    select * from {{ ref('stg_order_items') }}

),

products as (

    select * from {{ ref('stg_products') }}

),

items_subtotal as (

    select

        order_items.order_id,
        sum(products.product_price) as items_subtotal

    from order_items

    inner join products
        on order_items.product_id = products.product_id

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
