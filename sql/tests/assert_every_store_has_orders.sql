-- Stores without a single order: listed in raw_stores before they open (real extracts list the
-- chain's planned stores), or closed. dim_stores keeps them with 0 revenue; the KPIs have no row
-- for them.
-- Severity warn: legitimate in retail data, reported so a reader knows why a store is missing from
-- the KPIs (see sql/README.md).
{{ config(severity='warn') }}
with

stores as (

    select * from {{ ref('dim_stores') }}

)

select

    store_id,
    store_name,
    opened_at

from stores

where number_of_orders = 0
