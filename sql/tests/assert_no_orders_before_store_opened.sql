-- Orders placed at a store before the store opened.
with

orders as (

    select * from {{ ref('stg_orders') }}

),

stores as (

    select * from {{ ref('stg_stores') }}

)

select

    orders.order_id,
    orders.store_id,
    orders.ordered_at,
    stores.opened_at

from orders

inner join stores
    on orders.store_id = stores.store_id

where orders.ordered_at < stores.opened_at
