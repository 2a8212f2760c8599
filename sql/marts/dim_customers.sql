with

customers as (

    select * from {{ ref('stg_customers') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

customer_orders as (

    select

        customer_id,
        min(ordered_at) as first_ordered_at,
        max(ordered_at) as last_ordered_at,
        count(*) as number_of_orders,
        sum(order_total) as lifetime_spend,
        sum(subtotal) as lifetime_spend_pretax

    from orders

    group by customer_id

),

final as (

    -- every customer, including one who never ordered (0 orders, type 'new')
    select

        customers.customer_id,
        customers.customer_name,

        customer_orders.first_ordered_at,
        customer_orders.last_ordered_at,
        cast(customer_orders.first_ordered_at as date) as first_order_date,
        cast(customer_orders.last_ordered_at as date) as last_order_date,

        cast(coalesce(customer_orders.number_of_orders, 0) as integer) as number_of_orders,
        cast(coalesce(customer_orders.lifetime_spend, 0) as numeric(18, 2)) as lifetime_spend,
        cast(coalesce(customer_orders.lifetime_spend_pretax, 0) as numeric(18, 2)) as lifetime_spend_pretax,

        case
            when customer_orders.number_of_orders > 1 then 'returning'
            else 'new'
        end as customer_type

    from customers

    left join customer_orders
        on customers.customer_id = customer_orders.customer_id

)

select * from final
