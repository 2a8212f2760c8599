-- Orders with a total that is not positive, or a negative subtotal or tax.
-- Severity warn: an order with no items has a zero total, which real extracts contain (about 0.4% of
-- upstream jaffle-shop orders); negative amounts are blocked by the error-severity column tests
-- `subtotal >= 0` and `tax_paid >= 0` of stg_orders and fct_orders (see sql/README.md).
{{ config(severity='warn') }}
select

    order_id,
    subtotal,
    tax_paid,
    order_total

from {{ ref('fct_orders') }}

where order_total <= 0
    or subtotal < 0
    or tax_paid < 0
