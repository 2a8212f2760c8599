with

source as (

    select * from {{ source('raw', 'raw_orders') }}

),

renamed as (

    select

        ----------  ids
        id as order_id,
        customer as customer_id,
        store_id,

        ---------- timestamps
        ordered_at,
        cast(ordered_at as date) as order_date,

        ---------- amounts: cents to dollars, once, here
        {{ cents_to_dollars('subtotal') }} as subtotal,
        {{ cents_to_dollars('tax_paid') }} as tax_paid,
        {{ cents_to_dollars('order_total') }} as order_total

    from source

)

select * from renamed
