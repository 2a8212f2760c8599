with

source as (

    select * from {{ source('raw', 'raw_stores') }}

),

renamed as (

    select

        ----------  ids
        id as store_id,

        ---------- text
        name as store_name,

        ---------- numerics
        cast(tax_rate as numeric(9, 6)) as tax_rate,

        ---------- timestamps
        opened_at,
        cast(opened_at as date) as opened_date

    from source

)

select * from renamed
