select order_id, customer_id, store_id, ordered_at, order_date, order_total
from {{ ref('stg_orders') }}
