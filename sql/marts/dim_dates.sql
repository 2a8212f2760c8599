with

orders as (

    select * from {{ ref('stg_orders') }}

),

bounds as (

    select

        min(order_date) as first_date,
        max(order_date) as last_date

    from orders

),

-- a portable number generator (no generate_series: it is leader-node only on Redshift)
digits as (

    select 0 as digit union all
    select 1 union all
    select 2 union all
    select 3 union all
    select 4 union all
    select 5 union all
    select 6 union all
    select 7 union all
    select 8 union all
    select 9

),

day_offsets as (

    -- 0 .. 99,999 days: covers about 273 years of orders
    select

        ones.digit
        + 10 * tens.digit
        + 100 * hundreds.digit
        + 1000 * thousands.digit
        + 10000 * ten_thousands.digit as day_offset

    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands
    cross join digits as ten_thousands

),

spine as (

    select

        -- date + integer adds days in PostgreSQL and Redshift; the cast pins the type to date
        cast(bounds.first_date + day_offsets.day_offset as date) as date_day

    from bounds

    inner join day_offsets
        on day_offsets.day_offset <= bounds.last_date - bounds.first_date

),

final as (

    select

        date_day,
        cast(extract(year from date_day) as integer) as year,
        cast(extract(quarter from date_day) as integer) as quarter,
        cast(extract(month from date_day) as integer) as month_number,
        to_char(date_day, 'YYYY-MM') as month,
        trim(to_char(date_day, 'Month')) as month_name,
        -- ISO day of week (Monday = 1 .. Sunday = 7), spelled per engine (macros/iso_day_of_week.sql)
        {{ iso_day_of_week('date_day') }} as day_of_week,
        trim(to_char(date_day, 'Day')) as day_name,
        case when extract(dow from date_day) in (0, 6) then true else false end as is_weekend

    from spine

)

select * from final
