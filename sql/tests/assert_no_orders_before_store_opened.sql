-- Orders placed at a store before the store opened.
-- Severity warn: it questions the source's opening dates (a soft opening, a clock set wrong), not the
-- marts' keys or sums, which stay right either way (see sql/README.md).
{{ config(severity='warn') }}
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
