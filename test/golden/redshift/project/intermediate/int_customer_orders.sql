{{ config(materialized='ephemeral') }}
-- An ephemeral model with its own WITH list: inlined, its CTEs are hoisted (never nested).
with

orders as (

    select * from {{ ref('stg_orders') }}

),

final as (

    select customer_id, count(*) as order_count, sum(order_total) as lifetime_total
    from orders
    group by customer_id

)

select * from final
