with

order_items as (

    select * from {{ ref('stg_order_items') }}

),

products as (

    select * from {{ ref('stg_products') }}

),

orders as (

    select order_id, ordered_at from {{ ref('stg_orders') }}

),

-- the price in force when the order was placed (a later price change does not restate it)
product_prices as (

    select * from {{ ref('int_product_prices') }}

),

product_supply_costs as (

    select * from {{ ref('int_product_supply_costs') }}

),

joined as (

    -- left joins keep the grain (one row per item sold) even for an unknown sku,
    -- which the relationships tests then report
    select

        order_items.order_item_id,
        order_items.order_id,
        order_items.product_id,

        products.product_type,
        products.is_food_item,
        products.is_drink_item,

        product_prices.product_price as price,
        product_supply_costs.supply_cost,
        product_supply_costs.perishable_supply_cost,
        product_supply_costs.non_perishable_supply_cost

    from order_items

    left join products
        on order_items.product_id = products.product_id

    left join orders
        on order_items.order_id = orders.order_id

    left join product_prices
        on order_items.product_id = product_prices.product_id
        and (product_prices.valid_from is null or orders.ordered_at >= product_prices.valid_from)
        and (product_prices.valid_to is null or orders.ordered_at < product_prices.valid_to)

    left join product_supply_costs
        on order_items.product_id = product_supply_costs.product_id

),

final as (

    select

        *,
        cast(price - supply_cost as numeric(12, 2)) as gross_margin

    from joined

)

select * from final
