-- (supply id, sku) pairs listed more than once: the key of raw_supplies, checked on its columns
-- (supply_uuid concatenates them and could hide a collision such as 'a-b' || '-' || 'c').
select

    supply_id,
    product_id,
    count(*) as rows_with_key

from {{ ref('stg_supplies') }}

group by
    supply_id,
    product_id

having count(*) > 1
