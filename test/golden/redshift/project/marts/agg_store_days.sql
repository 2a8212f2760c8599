{{ config(dist='store_id', sort=['order_date', 'store_id']) }}
select store_id, order_date, count(*) as orders, sum(order_total) as revenue
from {{ ref('fct_orders') }}
group by store_id, order_date
