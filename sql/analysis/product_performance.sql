-- One row per product sold at least once, best-selling first.
with

order_items as (

    select * from {{ ref('fct_order_items') }}

),

products as (

    select * from {{ ref('dim_products') }}

),

product_totals as (

    select

        products.product_id,
        products.product_name,
        products.product_type,
        count(*) as units_sold,
        cast(sum(order_items.price) as numeric(18, 2)) as revenue,
        -- each item carries its product's unit supply cost: this is units_sold x unit cost
        cast(sum(order_items.supply_cost) as numeric(18, 2)) as supply_cost

    from order_items

    inner join products
        on order_items.product_id = products.product_id

    group by
        products.product_id,
        products.product_name,
        products.product_type

),

final as (

    select

        product_id,
        product_name,
        product_type,
        cast(units_sold as integer) as units_sold,
        round(revenue, 2) as revenue,
        round(supply_cost, 2) as supply_cost,
        round(revenue - supply_cost, 2) as gross_margin

    from product_totals

)

select * from final
order by revenue desc, product_id
