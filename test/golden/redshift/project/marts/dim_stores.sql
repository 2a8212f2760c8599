select store_id, coalesce(region, 'Unassigned') as region, tax_rate
from {{ ref('store_regions') }}
