-- One row per store that has orders, best-selling first.
with

orders as (

    select * from {{ ref('fct_orders') }}

),

stores as (

    select * from {{ ref('dim_stores') }}

),

store_totals as (

    select

        stores.store_id,
        stores.store_name,
        stores.tax_rate,
        count(*) as order_count,
        cast(sum(orders.subtotal) as numeric(18, 2)) as revenue,
        cast(sum(orders.tax_paid) as numeric(18, 2)) as tax_paid

    from orders

    inner join stores
        on orders.store_id = stores.store_id

    group by
        stores.store_id,
        stores.store_name,
        stores.tax_rate

),

final as (

    select

        store_name as store,
        cast(order_count as integer) as orders,
        round(revenue, 2) as revenue,
        round(revenue / nullif(order_count, 0), 2) as avg_order_value,
        round(tax_rate, 4) as tax_rate,
        round(tax_paid / nullif(revenue, 0), 4) as effective_tax_rate

    from store_totals

)

select * from final
order by revenue desc, store
