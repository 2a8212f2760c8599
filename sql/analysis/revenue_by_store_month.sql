-- Revenue by store and calendar month (only months in which the store had orders).
with

orders as (

    select * from {{ ref('fct_orders') }}

),

stores as (

    select * from {{ ref('dim_stores') }}

),

dates as (

    select * from {{ ref('dim_dates') }}

),

final as (

    select

        stores.store_name as store,
        dates.month,
        cast(count(*) as integer) as orders,
        round(sum(orders.subtotal), 2) as revenue,
        round(sum(orders.tax_paid), 2) as tax,
        round(sum(orders.order_total), 2) as gross_revenue

    from orders

    inner join stores
        on orders.store_id = stores.store_id

    inner join dates
        on orders.order_date = dates.date_day

    group by
        stores.store_id,
        stores.store_name,
        dates.month

)

select * from final
order by store, month
