-- A date spine without generate_series (leader-node only on Redshift): digits cross-joined.
with

bounds as (

    select min(order_date) as first_date, max(order_date) as last_date
    from {{ ref('fct_orders') }}

),

digits as (

    select 0 as digit union all select 1 union all select 2 union all select 3 union all select 4
    union all select 5 union all select 6 union all select 7 union all select 8 union all select 9

),

day_offsets as (

    select ones.digit + 10 * tens.digit + 100 * hundreds.digit as day_offset
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds

)

select cast(bounds.first_date + day_offsets.day_offset as date) as date_day
from bounds
inner join day_offsets on day_offsets.day_offset <= bounds.last_date - bounds.first_date
