with

order_items as (

    select * from {{ ref('int_order_items_enriched') }}

),

orders as (

    select * from {{ ref('stg_orders') }}

),

final as (

    select

        ----------  keys
        order_items.order_item_id,
        order_items.order_id,
        orders.customer_id,
        orders.store_id,
        order_items.product_id,

        ---------- time
        orders.ordered_at,
        orders.order_date,

        ---------- product attributes
        order_items.product_type,
        order_items.is_food_item,
        order_items.is_drink_item,

        ---------- measures (dollars)
        order_items.price,
        order_items.supply_cost,
        order_items.perishable_supply_cost,
        order_items.non_perishable_supply_cost,
        order_items.gross_margin

    from order_items

    left join orders
        on order_items.order_id = orders.order_id

)

select * from final
