-- Orders whose tax is not the store's tax rate applied to the subtotal, give or take the rounding to
-- a cent (any rounding rule stays below one cent).
with

orders as (

    select * from {{ ref('stg_orders') }}

),

stores as (

    select * from {{ ref('stg_stores') }}

)

select

    orders.order_id,
    orders.subtotal,
    orders.tax_paid,
    stores.tax_rate,
    orders.subtotal * stores.tax_rate as expected_tax

from orders

inner join stores
    on orders.store_id = stores.store_id

where abs(orders.tax_paid - orders.subtotal * stores.tax_rate) >= 0.01
