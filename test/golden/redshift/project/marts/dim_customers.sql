-- Reads an ephemeral model and has CTEs named like the ephemeral's own (orders, final).
with

customers as (

    select id as customer_id, name as customer_name
    from {{ source('raw', 'raw_customers') }}

),

orders as (

    select * from {{ ref('int_customer_orders') }}

),

final as (

    select
        customers.customer_id,
        customers.customer_name,
        coalesce(orders.order_count, 0) as order_count,
        coalesce(orders.lifetime_total, 0) as lifetime_total
    from customers
    left join orders on orders.customer_id = customers.customer_id

)

select * from final
