select items.id as order_item_id, orders.order_id, orders.customer_id, items.sku as product_id, orders.ordered_at
from {{ source('raw', 'raw_items') }} as items
join {{ ref('fct_orders') }} as orders on orders.order_id = items.order_id
