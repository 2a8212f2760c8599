-- One row: item revenue from food (jaffles) and drinks (beverages).
with

order_items as (

    select * from {{ ref('fct_order_items') }}

),

totals as (

    select

        cast(coalesce(sum(case when is_food_item then price else 0 end), 0) as numeric(18, 2)) as food_revenue,
        cast(coalesce(sum(case when is_drink_item then price else 0 end), 0) as numeric(18, 2)) as drink_revenue

    from order_items

),

final as (

    select

        round(food_revenue, 2) as food_revenue,
        round(drink_revenue, 2) as drink_revenue,
        round(food_revenue / nullif(food_revenue + drink_revenue, 0), 4) as food_share

    from totals

)

select * from final
