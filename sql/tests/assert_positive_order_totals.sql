-- Orders with a total that is not positive, or a negative subtotal or tax.
select

    order_id,
    subtotal,
    tax_paid,
    order_total

from {{ ref('fct_orders') }}

where order_total <= 0
    or subtotal < 0
    or tax_paid < 0
