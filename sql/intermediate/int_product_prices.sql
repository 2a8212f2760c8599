-- The price of each product over time, from the snapshot: one row per version with the time
-- range it was in force. Extracts carry no change dates, so a product's first version counts
-- from the beginning of time (valid_from null): sales before the first snapshot get that price.

with

versions as (

    select * from {{ source('snapshots', 'snp_products') }}

),

ranked as (

    select

        sku as product_id,
        {{ cents_to_dollars('price') }} as product_price,
        dbt_valid_from,
        dbt_valid_to,
        row_number() over (partition by sku order by dbt_valid_from) as version_number

    from versions

),

final as (

    select

        product_id,
        product_price,
        case when version_number = 1 then null else dbt_valid_from end as valid_from,
        dbt_valid_to as valid_to

    from ranked

)

select * from final
