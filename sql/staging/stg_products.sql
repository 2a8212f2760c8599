with

source as (

    select * from {{ source('raw', 'raw_products') }}

),

renamed as (

    select

        ----------  ids
        sku as product_id,

        ---------- text
        name as product_name,
        type as product_type,
        trim(description) as product_description,

        ---------- amounts: cents to dollars, once, here
        {{ cents_to_dollars('price') }} as product_price,

        ---------- booleans
        case when type = 'jaffle' then true else false end as is_food_item,
        case when type = 'beverage' then true else false end as is_drink_item

    from source

)

select * from renamed
