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
        cast(round(price / 100.0, 2) as numeric(12, 2)) as product_price,

        ---------- booleans
        case when type = 'jaffle' then true else false end as is_food_item,
        case when type = 'beverage' then true else false end as is_drink_item

    from source

)

select * from renamed
