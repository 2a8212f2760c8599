-- One row: how many customers ordered, how many came back, what they spend.
with

customers as (

    select * from {{ ref('dim_customers') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

customer_totals as (

    -- customers with at least one order
    select

        count(*) as customers,
        coalesce(sum(case when number_of_orders > 1 then 1 else 0 end), 0) as repeat_customers,
        cast(coalesce(sum(lifetime_spend), 0) as numeric(18, 2)) as lifetime_spend

    from customers

    where number_of_orders > 0

),

order_totals as (

    select

        count(*) as orders,
        cast(coalesce(sum(subtotal), 0) as numeric(18, 2)) as subtotal

    from orders

),

final as (

    select

        cast(customer_totals.customers as integer) as customers,
        cast(customer_totals.repeat_customers as integer) as repeat_customers,
        round(
            cast(customer_totals.repeat_customers as numeric(18, 2))
            / nullif(cast(customer_totals.customers as numeric(18, 2)), 0),
            4
        ) as repeat_rate,
        round(customer_totals.lifetime_spend / nullif(customer_totals.customers, 0), 2) as avg_lifetime_spend,
        round(order_totals.subtotal / nullif(order_totals.orders, 0), 2) as avg_order_value

    from customer_totals

    cross join order_totals

)

select * from final
