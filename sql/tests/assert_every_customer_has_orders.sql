-- Customers without a single order (signed up, never bought). dim_customers keeps them as `new`
-- with 0 orders; customer_summary counts customers with orders.
-- Severity warn: legitimate in retail data, reported with its count (see sql/README.md).
{{ config(severity='warn') }}
with

customers as (

    select * from {{ ref('dim_customers') }}

)

select

    customer_id,
    customer_name

from customers

where number_of_orders = 0
