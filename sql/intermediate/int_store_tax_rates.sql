-- The tax rate of each store over time, from the snapshot: one row per version with the time range
-- it was in force. Extracts carry no change dates, so a store's first version counts from the
-- beginning of time (valid_from null): orders before the first snapshot get that rate.

with

versions as (

    select * from {{ source('snapshots', 'snp_stores') }}

),

ranked as (

    select

        id as store_id,
        cast(tax_rate as numeric(9, 6)) as tax_rate,
        dbt_valid_from,
        dbt_valid_to,
        row_number() over (partition by id order by dbt_valid_from) as version_number

    from versions

),

final as (

    select

        store_id,
        tax_rate,
        case when version_number = 1 then null else dbt_valid_from end as valid_from,
        dbt_valid_to as valid_to

    from ranked

)

select * from final
