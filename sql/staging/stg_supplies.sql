with

source as (

    select * from {{ source('raw', 'raw_supplies') }}

),

renamed as (

    select

        ----------  ids
        id || '-' || sku as supply_uuid,
        id as supply_id,
        sku as product_id,

        ---------- text
        name as supply_name,

        ---------- amounts: cents to dollars, once, here
        {{ cents_to_dollars('cost') }} as supply_cost,

        ---------- booleans
        case when perishable then true else false end as is_perishable

    from source

)

select * from renamed
