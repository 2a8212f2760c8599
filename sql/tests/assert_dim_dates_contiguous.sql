-- The date spine must hold every day from the first to the last order date once, without gaps.
with

dates as (

    select * from {{ ref('dim_dates') }}

),

orders as (

    select * from {{ ref('stg_orders') }}

),

spine as (

    select

        min(date_day) as first_day,
        max(date_day) as last_day,
        count(*) as days

    from dates

),

order_bounds as (

    select

        min(order_date) as first_order_date,
        max(order_date) as last_order_date

    from orders

)

select

    spine.first_day,
    spine.last_day,
    spine.days,
    order_bounds.first_order_date,
    order_bounds.last_order_date

from spine

cross join order_bounds

where spine.first_day <> order_bounds.first_order_date
    or spine.last_day <> order_bounds.last_order_date
    or spine.days <> spine.last_day - spine.first_day + 1
