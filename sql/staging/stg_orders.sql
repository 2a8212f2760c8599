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
        cast(round(subtotal / 100.0, 2) as numeric(12, 2)) as subtotal,
        cast(round(tax_paid / 100.0, 2) as numeric(12, 2)) as tax_paid,
        cast(round(order_total / 100.0, 2) as numeric(12, 2)) as order_total

    from source

)

select * from renamed
