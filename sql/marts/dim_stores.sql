with

stores as (

    select * from {{ ref('stg_stores') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

regions as (

    -- seed: store name → region, state
    select * from {{ ref('store_regions') }}

),

store_orders as (

    select

        store_id,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date,
        count(*) as number_of_orders,
        sum(subtotal) as revenue,
        sum(tax_paid) as tax_collected,
        sum(order_total) as gross_revenue

    from orders

    group by store_id

),

final as (

    -- every store, including one without orders yet (0 orders, 0 revenue)
    select

        stores.store_id,
        stores.store_name,
        stores.opened_at,
        stores.opened_date,
        stores.tax_rate,
        coalesce(regions.region, 'Unassigned') as region,
        regions.state,

        store_orders.first_order_date,
        store_orders.last_order_date,
        cast(coalesce(store_orders.number_of_orders, 0) as integer) as number_of_orders,
        cast(coalesce(store_orders.revenue, 0) as numeric(18, 2)) as revenue,
        cast(coalesce(store_orders.tax_collected, 0) as numeric(18, 2)) as tax_collected,
        cast(coalesce(store_orders.gross_revenue, 0) as numeric(18, 2)) as gross_revenue

    from stores

    left join store_orders
        on stores.store_id = store_orders.store_id

    left join regions
        on stores.store_name = regions.store_name

)

select * from final
