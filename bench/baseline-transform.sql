-- The transformation limit: the whole job of `etl-workbook build` (its 14 models and 204 tests)
-- written by hand as one plain SQL script, for `npm run bench` to run with
--   psql -X -q -v ON_ERROR_STOP=1 -f bench/baseline-transform.sql
-- on the raw tables the loader fills. Same models, same materializations (staging and
-- intermediate views, marts tables, each analyzed), in its own schemas (bench_*) so it never
-- touches the project's. The tests check the same 204 properties set-based, the way one would by
-- hand: one scan per relation for all its not-null / accepted-values / expression checks, one hash
-- aggregate per unique key, one anti-join per relationship, the seven singular tests as they are. The
-- script fails (psql exits 3) when an error-severity check finds rows.
-- Keep it in step with sql/ when the models change: `npm run bench` compares the check count.

\set ON_ERROR_STOP on
set client_min_messages = warning;

drop schema if exists bench_staging cascade;
drop schema if exists bench_intermediate cascade;
drop schema if exists bench_marts cascade;
create schema bench_staging;
create schema bench_intermediate;
create schema bench_marts;

------------------------------------------------------------------------------------------------
-- Models, in dependency order
------------------------------------------------------------------------------------------------

create view bench_staging.stg_customers as
with
source as (
    select * from raw.raw_customers
),
renamed as (
    select
        ----------  ids
        id as customer_id,
        ---------- text
        name as customer_name
    from source
)
select * from renamed;

create view bench_staging.stg_order_items as
with
source as (
    select * from raw.raw_items
),
renamed as (
    select
        ----------  ids
        id as order_item_id,
        order_id,
        sku as product_id
    from source
)
select * from renamed;

create view bench_staging.stg_orders as
with
source as (
    select * from raw.raw_orders
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
select * from renamed;

create view bench_staging.stg_products as
with
source as (
    select * from raw.raw_products
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
select * from renamed;

create view bench_staging.stg_stores as
with
source as (
    select * from raw.raw_stores
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
select * from renamed;

create view bench_staging.stg_supplies as
with
source as (
    select * from raw.raw_supplies
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
        cast(round(cost / 100.0, 2) as numeric(12, 2)) as supply_cost,
        ---------- booleans
        case when perishable then true else false end as is_perishable
    from source
)
select * from renamed;

create view bench_intermediate.int_product_supply_costs as
with
products as (
    select * from bench_staging.stg_products
),
supplies as (
    select * from bench_staging.stg_supplies
),
supply_costs as (
    select
        product_id,
        count(*) as supply_count,
        sum(supply_cost) as supply_cost,
        sum(case when is_perishable then supply_cost else 0 end) as perishable_supply_cost,
        sum(case when is_perishable then 0 else supply_cost end) as non_perishable_supply_cost
    from supplies
    group by product_id
),
final as (
    -- every product, including one with no supplies listed (costs 0)
    select
        products.product_id,
        cast(coalesce(supply_costs.supply_count, 0) as integer) as supply_count,
        cast(coalesce(supply_costs.supply_cost, 0) as numeric(12, 2)) as supply_cost,
        cast(coalesce(supply_costs.perishable_supply_cost, 0) as numeric(12, 2)) as perishable_supply_cost,
        cast(coalesce(supply_costs.non_perishable_supply_cost, 0) as numeric(12, 2)) as non_perishable_supply_cost
    from products
    left join supply_costs
        on products.product_id = supply_costs.product_id
)
select * from final;

create view bench_intermediate.int_order_items_enriched as
with
order_items as (
    select * from bench_staging.stg_order_items
),
products as (
    select * from bench_staging.stg_products
),
product_supply_costs as (
    select * from bench_intermediate.int_product_supply_costs
),
joined as (
    -- left joins keep the grain (one row per item sold) even for an unknown sku,
    -- which the relationships tests then report
    select
        order_items.order_item_id,
        order_items.order_id,
        order_items.product_id,
        products.product_type,
        products.is_food_item,
        products.is_drink_item,
        products.product_price as price,
        product_supply_costs.supply_cost,
        product_supply_costs.perishable_supply_cost,
        product_supply_costs.non_perishable_supply_cost
    from order_items
    left join products
        on order_items.product_id = products.product_id
    left join product_supply_costs
        on order_items.product_id = product_supply_costs.product_id
),
final as (
    select
        *,
        cast(price - supply_cost as numeric(12, 2)) as gross_margin
    from joined
)
select * from final;

create table bench_marts.fct_orders as
with
orders as (
    select * from bench_staging.stg_orders
),
order_items as (
    select * from bench_intermediate.int_order_items_enriched
),
order_items_summary as (
    select
        order_id,
        count(*) as item_count,
        sum(case when is_food_item then 1 else 0 end) as food_item_count,
        sum(case when is_drink_item then 1 else 0 end) as drink_item_count,
        sum(supply_cost) as order_cost
    from order_items
    group by order_id
),
joined as (
    select
        orders.order_id,
        orders.customer_id,
        orders.store_id,
        orders.ordered_at,
        orders.order_date,
        orders.subtotal,
        orders.tax_paid,
        orders.order_total,
        cast(coalesce(order_items_summary.item_count, 0) as integer) as item_count,
        cast(coalesce(order_items_summary.food_item_count, 0) as integer) as food_item_count,
        cast(coalesce(order_items_summary.drink_item_count, 0) as integer) as drink_item_count,
        cast(coalesce(order_items_summary.order_cost, 0) as numeric(12, 2)) as order_cost,
        cast(
            row_number() over (
                partition by orders.customer_id
                order by orders.ordered_at, orders.order_id
            ) as integer
        ) as customer_order_number
    from orders
    left join order_items_summary
        on orders.order_id = order_items_summary.order_id
),
final as (
    select
        order_id,
        customer_id,
        store_id,
        ordered_at,
        order_date,
        subtotal,
        tax_paid,
        order_total,
        item_count,
        food_item_count,
        drink_item_count,
        case when food_item_count > 0 then true else false end as is_food_order,
        case when drink_item_count > 0 then true else false end as is_drink_order,
        order_cost,
        cast(subtotal - order_cost as numeric(12, 2)) as order_margin,
        customer_order_number,
        case when customer_order_number = 1 then true else false end as is_first_order
    from joined
)
select * from final;
analyze bench_marts.fct_orders;

create table bench_marts.fct_order_items as
with
order_items as (
    select * from bench_intermediate.int_order_items_enriched
),
orders as (
    select * from bench_staging.stg_orders
),
final as (
    select
        ----------  keys
        order_items.order_item_id,
        order_items.order_id,
        orders.customer_id,
        orders.store_id,
        order_items.product_id,
        ---------- time
        orders.ordered_at,
        orders.order_date,
        ---------- product attributes
        order_items.product_type,
        order_items.is_food_item,
        order_items.is_drink_item,
        ---------- measures (dollars)
        order_items.price,
        order_items.supply_cost,
        order_items.perishable_supply_cost,
        order_items.non_perishable_supply_cost,
        order_items.gross_margin
    from order_items
    left join orders
        on order_items.order_id = orders.order_id
)
select * from final;
analyze bench_marts.fct_order_items;

create table bench_marts.dim_customers as
with
customers as (
    select * from bench_staging.stg_customers
),
orders as (
    select * from bench_marts.fct_orders
),
customer_orders as (
    select
        customer_id,
        min(ordered_at) as first_ordered_at,
        max(ordered_at) as last_ordered_at,
        count(*) as number_of_orders,
        sum(order_total) as lifetime_spend,
        sum(subtotal) as lifetime_spend_pretax
    from orders
    group by customer_id
),
final as (
    -- every customer, including one who never ordered (0 orders, type 'new')
    select
        customers.customer_id,
        customers.customer_name,
        customer_orders.first_ordered_at,
        customer_orders.last_ordered_at,
        cast(customer_orders.first_ordered_at as date) as first_order_date,
        cast(customer_orders.last_ordered_at as date) as last_order_date,
        cast(coalesce(customer_orders.number_of_orders, 0) as integer) as number_of_orders,
        cast(coalesce(customer_orders.lifetime_spend, 0) as numeric(18, 2)) as lifetime_spend,
        cast(coalesce(customer_orders.lifetime_spend_pretax, 0) as numeric(18, 2)) as lifetime_spend_pretax,
        case
            when customer_orders.number_of_orders > 1 then 'returning'
            else 'new'
        end as customer_type
    from customers
    left join customer_orders
        on customers.customer_id = customer_orders.customer_id
)
select * from final;
analyze bench_marts.dim_customers;

create table bench_marts.dim_products as
with
products as (
    select * from bench_staging.stg_products
),
product_supply_costs as (
    select * from bench_intermediate.int_product_supply_costs
),
final as (
    select
        products.product_id,
        products.product_name,
        products.product_type,
        products.product_description,
        products.is_food_item,
        products.is_drink_item,
        products.product_price as price,
        product_supply_costs.supply_count,
        product_supply_costs.supply_cost,
        product_supply_costs.perishable_supply_cost,
        product_supply_costs.non_perishable_supply_cost,
        cast(products.product_price - product_supply_costs.supply_cost as numeric(12, 2)) as unit_margin
    from products
    left join product_supply_costs
        on products.product_id = product_supply_costs.product_id
)
select * from final;
analyze bench_marts.dim_products;

create table bench_marts.dim_stores as
with
stores as (
    select * from bench_staging.stg_stores
),
orders as (
    select * from bench_marts.fct_orders
),
store_orders as (
    select
        store_id,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date,
        count(*) as number_of_orders,
        sum(subtotal) as revenue,
        sum(tax_paid) as tax_collected,
        sum(order_total) as gross_revenue
    from orders
    group by store_id
),
final as (
    -- every store, including one without orders yet (0 orders, 0 revenue)
    select
        stores.store_id,
        stores.store_name,
        stores.opened_at,
        stores.opened_date,
        stores.tax_rate,
        store_orders.first_order_date,
        store_orders.last_order_date,
        cast(coalesce(store_orders.number_of_orders, 0) as integer) as number_of_orders,
        cast(coalesce(store_orders.revenue, 0) as numeric(18, 2)) as revenue,
        cast(coalesce(store_orders.tax_collected, 0) as numeric(18, 2)) as tax_collected,
        cast(coalesce(store_orders.gross_revenue, 0) as numeric(18, 2)) as gross_revenue
    from stores
    left join store_orders
        on stores.store_id = store_orders.store_id
)
select * from final;
analyze bench_marts.dim_stores;

create table bench_marts.dim_dates as
with
orders as (
    select * from bench_staging.stg_orders
),
bounds as (
    select
        min(order_date) as first_date,
        max(order_date) as last_date
    from orders
),
-- a portable number generator (no generate_series: it is leader-node only on Redshift)
digits as (
    select 0 as digit union all
    select 1 union all
    select 2 union all
    select 3 union all
    select 4 union all
    select 5 union all
    select 6 union all
    select 7 union all
    select 8 union all
    select 9
),
day_offsets as (
    -- 0 .. 99,999 days: covers about 273 years of orders
    select
        ones.digit
        + 10 * tens.digit
        + 100 * hundreds.digit
        + 1000 * thousands.digit
        + 10000 * ten_thousands.digit as day_offset
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands
    cross join digits as ten_thousands
),
spine as (
    select
        -- date + integer adds days in PostgreSQL and Redshift; the cast pins the type to date
        cast(bounds.first_date + day_offsets.day_offset as date) as date_day
    from bounds
    inner join day_offsets
        on day_offsets.day_offset <= bounds.last_date - bounds.first_date
),
final as (
    select
        date_day,
        cast(extract(year from date_day) as integer) as year,
        cast(extract(quarter from date_day) as integer) as quarter,
        cast(extract(month from date_day) as integer) as month_number,
        to_char(date_day, 'YYYY-MM') as month,
        trim(to_char(date_day, 'Month')) as month_name,
        -- ISO day of week (Monday = 1 .. Sunday = 7) from dow (Sunday = 0), which both engines know
        case
            when extract(dow from date_day) = 0 then 7
            else cast(extract(dow from date_day) as integer)
        end as day_of_week,
        trim(to_char(date_day, 'Day')) as day_name,
        case when extract(dow from date_day) in (0, 6) then true else false end as is_weekend
    from spine
)
select * from final;
analyze bench_marts.dim_dates;

------------------------------------------------------------------------------------------------
-- Tests: every check adds (name, severity, failing rows) to bench_checks
------------------------------------------------------------------------------------------------

create temporary table bench_checks (check_name text, severity text, failing bigint);

-- Sources (raw)
insert into bench_checks
select unnest(array['raw_customers.id not_null']), 'error',
       unnest(array[count(*) filter (where id is null)])
from raw.raw_customers;

insert into bench_checks
select unnest(array['raw_orders.id not_null', 'raw_orders.customer not_null',
                    'raw_orders.ordered_at not_null', 'raw_orders.store_id not_null',
                    'raw_orders.subtotal not_null', 'raw_orders.tax_paid not_null',
                    'raw_orders.order_total not_null']), 'error',
       unnest(array[count(*) filter (where id is null),
                    count(*) filter (where customer is null), count(*) filter (where ordered_at is null),
                    count(*) filter (where store_id is null), count(*) filter (where subtotal is null),
                    count(*) filter (where tax_paid is null), count(*) filter (where order_total is null)])
from raw.raw_orders;

insert into bench_checks
select unnest(array['raw_items.id not_null', 'raw_items.order_id not_null',
                    'raw_items.sku not_null']), 'error',
       unnest(array[count(*) filter (where id is null),
                    count(*) filter (where order_id is null), count(*) filter (where sku is null)])
from raw.raw_items;

insert into bench_checks
select unnest(array['raw_products.sku not_null', 'raw_products.name not_null',
                    'raw_products.type not_null', 'raw_products.type accepted_values',
                    'raw_products.price not_null']), 'error',
       unnest(array[count(*) filter (where sku is null),
                    count(*) filter (where name is null), count(*) filter (where type is null),
                    count(*) filter (where type not in ('jaffle', 'beverage')),
                    count(*) filter (where price is null)])
from raw.raw_products;

insert into bench_checks
select unnest(array['raw_stores.id not_null', 'raw_stores.name not_null',
                    'raw_stores.opened_at not_null', 'raw_stores.tax_rate not_null']), 'error',
       unnest(array[count(*) filter (where id is null),
                    count(*) filter (where name is null), count(*) filter (where opened_at is null),
                    count(*) filter (where tax_rate is null)])
from raw.raw_stores;

insert into bench_checks
select unnest(array['raw_supplies.id not_null', 'raw_supplies.cost not_null',
                    'raw_supplies.perishable not_null', 'raw_supplies.sku not_null']), 'error',
       unnest(array[count(*) filter (where id is null), count(*) filter (where cost is null),
                    count(*) filter (where perishable is null), count(*) filter (where sku is null)])
from raw.raw_supplies;

insert into bench_checks
select 'raw_orders.customer relationships', 'error', count(*) from raw.raw_orders c
where c.customer is not null and not exists (select from raw.raw_customers p where p.id = c.customer);
insert into bench_checks
select 'raw_orders.store_id relationships', 'error', count(*) from raw.raw_orders c
where c.store_id is not null and not exists (select from raw.raw_stores p where p.id = c.store_id);
insert into bench_checks
select 'raw_items.order_id relationships', 'error', count(*) from raw.raw_items c
where c.order_id is not null and not exists (select from raw.raw_orders p where p.id = c.order_id);
insert into bench_checks
select 'raw_items.sku relationships', 'error', count(*) from raw.raw_items c
where c.sku is not null and not exists (select from raw.raw_products p where p.sku = c.sku);
insert into bench_checks
select 'raw_supplies.sku relationships', 'error', count(*) from raw.raw_supplies c
where c.sku is not null and not exists (select from raw.raw_products p where p.sku = c.sku);

-- Staging
insert into bench_checks
select unnest(array['stg_customers.customer_id not_null']), 'error',
       unnest(array[count(*) filter (where customer_id is null)])
from bench_staging.stg_customers;

insert into bench_checks
select unnest(array['stg_orders expression order_total', 'stg_orders.order_id not_null', 'stg_orders.customer_id not_null',
                    'stg_orders.store_id not_null', 'stg_orders.ordered_at not_null',
                    'stg_orders.order_date not_null', 'stg_orders.subtotal not_null',
                    'stg_orders.subtotal >= 0', 'stg_orders.tax_paid not_null', 'stg_orders.tax_paid >= 0',
                    'stg_orders.order_total not_null']), 'error',
       unnest(array[count(*) filter (where not coalesce(order_total = subtotal + tax_paid, false)),
                    count(*) filter (where order_id is null),
                    count(*) filter (where customer_id is null), count(*) filter (where store_id is null),
                    count(*) filter (where ordered_at is null), count(*) filter (where order_date is null),
                    count(*) filter (where subtotal is null),
                    count(*) filter (where not coalesce(subtotal >= 0, false)),
                    count(*) filter (where tax_paid is null),
                    count(*) filter (where not coalesce(tax_paid >= 0, false)),
                    count(*) filter (where order_total is null)])
from bench_staging.stg_orders;

insert into bench_checks
select unnest(array['stg_order_items.order_item_id not_null',
                    'stg_order_items.order_id not_null', 'stg_order_items.product_id not_null']), 'error',
       unnest(array[count(*) filter (where order_item_id is null),
                    count(*) filter (where order_id is null), count(*) filter (where product_id is null)])
from bench_staging.stg_order_items;

insert into bench_checks
select unnest(array['stg_products.product_id not_null',
                    'stg_products.product_type not_null', 'stg_products.product_type accepted_values',
                    'stg_products.product_price not_null', 'stg_products.product_price >= 0',
                    'stg_products.is_food_item not_null', 'stg_products.is_drink_item not_null']), 'error',
       unnest(array[count(*) filter (where product_id is null),
                    count(*) filter (where product_type is null),
                    count(*) filter (where product_type not in ('jaffle', 'beverage')),
                    count(*) filter (where product_price is null),
                    count(*) filter (where not coalesce(product_price >= 0, false)),
                    count(*) filter (where is_food_item is null), count(*) filter (where is_drink_item is null)])
from bench_staging.stg_products;

insert into bench_checks
select unnest(array['stg_stores.store_id not_null', 'stg_stores.tax_rate not_null',
                    'stg_stores.tax_rate in [0, 1)', 'stg_stores.opened_at not_null']), 'error',
       unnest(array[count(*) filter (where store_id is null),
                    count(*) filter (where tax_rate is null),
                    count(*) filter (where not coalesce(tax_rate >= 0 and tax_rate < 1, false)),
                    count(*) filter (where opened_at is null)])
from bench_staging.stg_stores;

insert into bench_checks
select unnest(array['stg_supplies.supply_uuid not_null',
                    'stg_supplies.supply_id not_null', 'stg_supplies.product_id not_null',
                    'stg_supplies.supply_cost not_null', 'stg_supplies.supply_cost >= 0',
                    'stg_supplies.is_perishable not_null']), 'error',
       unnest(array[count(*) filter (where supply_uuid is null),
                    count(*) filter (where supply_id is null), count(*) filter (where product_id is null),
                    count(*) filter (where supply_cost is null),
                    count(*) filter (where not coalesce(supply_cost >= 0, false)),
                    count(*) filter (where is_perishable is null)])
from bench_staging.stg_supplies;

insert into bench_checks
select 'stg_orders.customer_id relationships', 'error', count(*) from bench_staging.stg_orders c
where c.customer_id is not null
  and not exists (select from bench_staging.stg_customers p where p.customer_id = c.customer_id);
insert into bench_checks
select 'stg_orders.store_id relationships', 'error', count(*) from bench_staging.stg_orders c
where c.store_id is not null and not exists (select from bench_staging.stg_stores p where p.store_id = c.store_id);
insert into bench_checks
select 'stg_order_items.order_id relationships', 'error', count(*) from bench_staging.stg_order_items c
where c.order_id is not null and not exists (select from bench_staging.stg_orders p where p.order_id = c.order_id);
insert into bench_checks
select 'stg_order_items.product_id relationships', 'error', count(*) from bench_staging.stg_order_items c
where c.product_id is not null
  and not exists (select from bench_staging.stg_products p where p.product_id = c.product_id);
insert into bench_checks
select 'stg_supplies.product_id relationships', 'error', count(*) from bench_staging.stg_supplies c
where c.product_id is not null
  and not exists (select from bench_staging.stg_products p where p.product_id = c.product_id);

-- Intermediate
insert into bench_checks
select unnest(array['int_product_supply_costs expression supply_cost split',
                    'int_product_supply_costs.product_id not_null',
                    'int_product_supply_costs.supply_count not_null', 'int_product_supply_costs.supply_cost not_null',
                    'int_product_supply_costs.supply_cost >= 0',
                    'int_product_supply_costs.perishable_supply_cost not_null',
                    'int_product_supply_costs.non_perishable_supply_cost not_null']), 'error',
       unnest(array[count(*) filter (where not coalesce(
                      supply_cost = perishable_supply_cost + non_perishable_supply_cost, false)),
                    count(*) filter (where product_id is null),
                    count(*) filter (where supply_count is null), count(*) filter (where supply_cost is null),
                    count(*) filter (where not coalesce(supply_cost >= 0, false)),
                    count(*) filter (where perishable_supply_cost is null),
                    count(*) filter (where non_perishable_supply_cost is null)])
from bench_intermediate.int_product_supply_costs;

insert into bench_checks
select 'int_product_supply_costs.product_id relationships', 'error', count(*)
from bench_intermediate.int_product_supply_costs c
where c.product_id is not null
  and not exists (select from bench_staging.stg_products p where p.product_id = c.product_id);

insert into bench_checks
select unnest(array['int_order_items_enriched.order_item_id not_null', 'int_order_items_enriched.order_id not_null',
                    'int_order_items_enriched.product_id not_null', 'int_order_items_enriched.price not_null',
                    'int_order_items_enriched.supply_cost not_null']), 'error',
       unnest(array[count(*) filter (where order_item_id is null), count(*) filter (where order_id is null),
                    count(*) filter (where product_id is null), count(*) filter (where price is null),
                    count(*) filter (where supply_cost is null)])
from bench_intermediate.int_order_items_enriched;

-- Marts
insert into bench_checks
select unnest(array['fct_order_items expression supply_cost split', 'fct_order_items expression gross_margin',
                    'fct_order_items expression food xor drink', 'fct_order_items.order_item_id not_null', 'fct_order_items.order_id not_null',
                    'fct_order_items.customer_id not_null', 'fct_order_items.store_id not_null',
                    'fct_order_items.product_id not_null', 'fct_order_items.ordered_at not_null',
                    'fct_order_items.order_date not_null', 'fct_order_items.product_type not_null',
                    'fct_order_items.product_type accepted_values', 'fct_order_items.is_food_item not_null',
                    'fct_order_items.is_drink_item not_null', 'fct_order_items.price not_null',
                    'fct_order_items.price >= 0', 'fct_order_items.supply_cost not_null',
                    'fct_order_items.supply_cost >= 0', 'fct_order_items.perishable_supply_cost not_null',
                    'fct_order_items.non_perishable_supply_cost not_null',
                    'fct_order_items.gross_margin not_null']), 'error',
       unnest(array[count(*) filter (where not coalesce(
                      supply_cost = perishable_supply_cost + non_perishable_supply_cost, false)),
                    count(*) filter (where not coalesce(gross_margin = price - supply_cost, false)),
                    count(*) filter (where not coalesce(is_food_item <> is_drink_item, false)),
                    count(*) filter (where order_item_id is null),
                    count(*) filter (where order_id is null), count(*) filter (where customer_id is null),
                    count(*) filter (where store_id is null), count(*) filter (where product_id is null),
                    count(*) filter (where ordered_at is null), count(*) filter (where order_date is null),
                    count(*) filter (where product_type is null),
                    count(*) filter (where product_type not in ('jaffle', 'beverage')),
                    count(*) filter (where is_food_item is null), count(*) filter (where is_drink_item is null),
                    count(*) filter (where price is null), count(*) filter (where not coalesce(price >= 0, false)),
                    count(*) filter (where supply_cost is null),
                    count(*) filter (where not coalesce(supply_cost >= 0, false)),
                    count(*) filter (where perishable_supply_cost is null),
                    count(*) filter (where non_perishable_supply_cost is null),
                    count(*) filter (where gross_margin is null)])
from bench_marts.fct_order_items;

insert into bench_checks
select unnest(array['fct_orders expression order_total', 'fct_orders expression item counts',
                    'fct_orders expression order_margin', 'fct_orders.order_id not_null', 'fct_orders.customer_id not_null', 'fct_orders.store_id not_null',
                    'fct_orders.ordered_at not_null', 'fct_orders.order_date not_null', 'fct_orders.subtotal not_null',
                    'fct_orders.subtotal >= 0', 'fct_orders.tax_paid not_null', 'fct_orders.tax_paid >= 0',
                    'fct_orders.order_total not_null', 'fct_orders.item_count not_null',
                    'fct_orders.food_item_count not_null', 'fct_orders.drink_item_count not_null',
                    'fct_orders.is_food_order not_null', 'fct_orders.is_drink_order not_null',
                    'fct_orders.order_cost not_null', 'fct_orders.order_cost >= 0', 'fct_orders.order_margin not_null',
                    'fct_orders.customer_order_number not_null', 'fct_orders.customer_order_number >= 1',
                    'fct_orders.is_first_order not_null']), 'error',
       unnest(array[count(*) filter (where not coalesce(order_total = subtotal + tax_paid, false)),
                    count(*) filter (where not coalesce(item_count = food_item_count + drink_item_count, false)),
                    count(*) filter (where not coalesce(order_margin = subtotal - order_cost, false)),
                    count(*) filter (where order_id is null),
                    count(*) filter (where customer_id is null), count(*) filter (where store_id is null),
                    count(*) filter (where ordered_at is null), count(*) filter (where order_date is null),
                    count(*) filter (where subtotal is null), count(*) filter (where not coalesce(subtotal >= 0, false)),
                    count(*) filter (where tax_paid is null), count(*) filter (where not coalesce(tax_paid >= 0, false)),
                    count(*) filter (where order_total is null), count(*) filter (where item_count is null),
                    count(*) filter (where food_item_count is null), count(*) filter (where drink_item_count is null),
                    count(*) filter (where is_food_order is null), count(*) filter (where is_drink_order is null),
                    count(*) filter (where order_cost is null),
                    count(*) filter (where not coalesce(order_cost >= 0, false)),
                    count(*) filter (where order_margin is null),
                    count(*) filter (where customer_order_number is null),
                    count(*) filter (where not coalesce(customer_order_number >= 1, false)),
                    count(*) filter (where is_first_order is null)])
from bench_marts.fct_orders;

insert into bench_checks
select 'fct_orders.item_count > 0', 'warn', count(*) from bench_marts.fct_orders
where not coalesce(item_count > 0, false);

insert into bench_checks
select unnest(array['dim_customers expression lifetime_spend', 'dim_customers.customer_id not_null', 'dim_customers.first_order_date not_null (with orders)',
                    'dim_customers.last_order_date not_null (with orders)', 'dim_customers.number_of_orders not_null',
                    'dim_customers.number_of_orders >= 0', 'dim_customers.lifetime_spend not_null',
                    'dim_customers.lifetime_spend >= 0', 'dim_customers.lifetime_spend_pretax not_null',
                    'dim_customers.customer_type not_null', 'dim_customers.customer_type accepted_values']), 'error',
       unnest(array[count(*) filter (where not coalesce(lifetime_spend >= lifetime_spend_pretax, false)),
                    count(*) filter (where customer_id is null),
                    count(*) filter (where number_of_orders > 0 and first_order_date is null),
                    count(*) filter (where number_of_orders > 0 and last_order_date is null),
                    count(*) filter (where number_of_orders is null),
                    count(*) filter (where not coalesce(number_of_orders >= 0, false)),
                    count(*) filter (where lifetime_spend is null),
                    count(*) filter (where not coalesce(lifetime_spend >= 0, false)),
                    count(*) filter (where lifetime_spend_pretax is null),
                    count(*) filter (where customer_type is null),
                    count(*) filter (where customer_type not in ('new', 'returning'))])
from bench_marts.dim_customers;

insert into bench_checks
select unnest(array['dim_products expression unit_margin', 'dim_products expression supply_cost split',
                    'dim_products.product_id not_null',
                    'dim_products.product_name not_null', 'dim_products.product_type not_null',
                    'dim_products.product_type accepted_values', 'dim_products.is_food_item not_null',
                    'dim_products.is_drink_item not_null', 'dim_products.price not_null', 'dim_products.price >= 0',
                    'dim_products.supply_count not_null', 'dim_products.supply_cost not_null',
                    'dim_products.supply_cost >= 0', 'dim_products.perishable_supply_cost not_null',
                    'dim_products.non_perishable_supply_cost not_null', 'dim_products.unit_margin not_null']), 'error',
       unnest(array[count(*) filter (where not coalesce(unit_margin = price - supply_cost, false)),
                    count(*) filter (where not coalesce(
                      supply_cost = perishable_supply_cost + non_perishable_supply_cost, false)),
                    count(*) filter (where product_id is null),
                    count(*) filter (where product_name is null), count(*) filter (where product_type is null),
                    count(*) filter (where product_type not in ('jaffle', 'beverage')),
                    count(*) filter (where is_food_item is null), count(*) filter (where is_drink_item is null),
                    count(*) filter (where price is null), count(*) filter (where not coalesce(price >= 0, false)),
                    count(*) filter (where supply_count is null), count(*) filter (where supply_cost is null),
                    count(*) filter (where not coalesce(supply_cost >= 0, false)),
                    count(*) filter (where perishable_supply_cost is null),
                    count(*) filter (where non_perishable_supply_cost is null),
                    count(*) filter (where unit_margin is null)])
from bench_marts.dim_products;

insert into bench_checks
select unnest(array['dim_stores expression gross_revenue', 'dim_stores.store_id not_null',
                    'dim_stores.store_name not_null', 'dim_stores.opened_at not_null', 'dim_stores.tax_rate not_null',
                    'dim_stores.number_of_orders not_null', 'dim_stores.revenue not_null', 'dim_stores.revenue >= 0',
                    'dim_stores.tax_collected not_null', 'dim_stores.gross_revenue not_null']), 'error',
       unnest(array[count(*) filter (where not coalesce(gross_revenue = revenue + tax_collected, false)),
                    count(*) filter (where store_id is null),
                    count(*) filter (where store_name is null), count(*) filter (where opened_at is null),
                    count(*) filter (where tax_rate is null), count(*) filter (where number_of_orders is null),
                    count(*) filter (where revenue is null), count(*) filter (where not coalesce(revenue >= 0, false)),
                    count(*) filter (where tax_collected is null), count(*) filter (where gross_revenue is null)])
from bench_marts.dim_stores;

insert into bench_checks
select unnest(array['dim_dates.date_day not_null', 'dim_dates.year not_null',
                    'dim_dates.quarter accepted_values', 'dim_dates.month_number accepted_values',
                    'dim_dates.month not_null', 'dim_dates.month_name not_null',
                    'dim_dates.day_of_week accepted_values', 'dim_dates.day_name not_null',
                    'dim_dates.is_weekend not_null']), 'error',
       unnest(array[count(*) filter (where date_day is null),
                    count(*) filter (where year is null), count(*) filter (where quarter not between 1 and 4),
                    count(*) filter (where month_number not between 1 and 12),
                    count(*) filter (where month is null), count(*) filter (where month_name is null),
                    count(*) filter (where day_of_week not between 1 and 7),
                    count(*) filter (where day_name is null), count(*) filter (where is_weekend is null)])
from bench_marts.dim_dates;

insert into bench_checks
select 'fct_order_items.order_id relationships', 'error', count(*) from bench_marts.fct_order_items c
where c.order_id is not null and not exists (select from bench_marts.fct_orders p where p.order_id = c.order_id);
insert into bench_checks
select 'fct_order_items.customer_id relationships', 'error', count(*) from bench_marts.fct_order_items c
where c.customer_id is not null
  and not exists (select from bench_marts.dim_customers p where p.customer_id = c.customer_id);
insert into bench_checks
select 'fct_order_items.store_id relationships', 'error', count(*) from bench_marts.fct_order_items c
where c.store_id is not null and not exists (select from bench_marts.dim_stores p where p.store_id = c.store_id);
insert into bench_checks
select 'fct_order_items.product_id relationships', 'error', count(*) from bench_marts.fct_order_items c
where c.product_id is not null
  and not exists (select from bench_marts.dim_products p where p.product_id = c.product_id);
insert into bench_checks
select 'fct_order_items.order_date relationships', 'error', count(*) from bench_marts.fct_order_items c
where c.order_date is not null and not exists (select from bench_marts.dim_dates p where p.date_day = c.order_date);
insert into bench_checks
select 'fct_orders.customer_id relationships', 'error', count(*) from bench_marts.fct_orders c
where c.customer_id is not null
  and not exists (select from bench_marts.dim_customers p where p.customer_id = c.customer_id);
insert into bench_checks
select 'fct_orders.store_id relationships', 'error', count(*) from bench_marts.fct_orders c
where c.store_id is not null and not exists (select from bench_marts.dim_stores p where p.store_id = c.store_id);
insert into bench_checks
select 'fct_orders.order_date relationships', 'error', count(*) from bench_marts.fct_orders c
where c.order_date is not null and not exists (select from bench_marts.dim_dates p where p.date_day = c.order_date);

-- Unique keys: one hash aggregate per key (count(distinct) sorts, and spills on millions of rows)
insert into bench_checks
select 'raw_customers.id unique', 'error', count(*)
from (select id from raw.raw_customers where id is not null group by id having count(*) > 1) as duplicates;
insert into bench_checks
select 'raw_orders.id unique', 'error', count(*)
from (select id from raw.raw_orders where id is not null group by id having count(*) > 1) as duplicates;
insert into bench_checks
select 'raw_items.id unique', 'error', count(*)
from (select id from raw.raw_items where id is not null group by id having count(*) > 1) as duplicates;
insert into bench_checks
select 'raw_products.sku unique', 'error', count(*)
from (select sku from raw.raw_products where sku is not null group by sku having count(*) > 1) as duplicates;
insert into bench_checks
select 'raw_stores.id unique', 'error', count(*)
from (select id from raw.raw_stores where id is not null group by id having count(*) > 1) as duplicates;
insert into bench_checks
select 'stg_customers.customer_id unique', 'error', count(*)
from (select customer_id from bench_staging.stg_customers where customer_id is not null group by customer_id having count(*) > 1) as duplicates;
insert into bench_checks
select 'stg_orders.order_id unique', 'error', count(*)
from (select order_id from bench_staging.stg_orders where order_id is not null group by order_id having count(*) > 1) as duplicates;
insert into bench_checks
select 'stg_order_items.order_item_id unique', 'error', count(*)
from (select order_item_id from bench_staging.stg_order_items where order_item_id is not null group by order_item_id having count(*) > 1) as duplicates;
insert into bench_checks
select 'stg_products.product_id unique', 'error', count(*)
from (select product_id from bench_staging.stg_products where product_id is not null group by product_id having count(*) > 1) as duplicates;
insert into bench_checks
select 'stg_stores.store_id unique', 'error', count(*)
from (select store_id from bench_staging.stg_stores where store_id is not null group by store_id having count(*) > 1) as duplicates;
insert into bench_checks
select 'stg_supplies.supply_uuid unique', 'error', count(*)
from (select supply_uuid from bench_staging.stg_supplies where supply_uuid is not null group by supply_uuid having count(*) > 1) as duplicates;
insert into bench_checks
select 'int_product_supply_costs.product_id unique', 'error', count(*)
from (select product_id from bench_intermediate.int_product_supply_costs where product_id is not null group by product_id having count(*) > 1) as duplicates;
insert into bench_checks
select 'fct_order_items.order_item_id unique', 'error', count(*)
from (select order_item_id from bench_marts.fct_order_items where order_item_id is not null group by order_item_id having count(*) > 1) as duplicates;
insert into bench_checks
select 'fct_orders.order_id unique', 'error', count(*)
from (select order_id from bench_marts.fct_orders where order_id is not null group by order_id having count(*) > 1) as duplicates;
insert into bench_checks
select 'dim_customers.customer_id unique', 'error', count(*)
from (select customer_id from bench_marts.dim_customers where customer_id is not null group by customer_id having count(*) > 1) as duplicates;
insert into bench_checks
select 'dim_products.product_id unique', 'error', count(*)
from (select product_id from bench_marts.dim_products where product_id is not null group by product_id having count(*) > 1) as duplicates;
insert into bench_checks
select 'dim_stores.store_id unique', 'error', count(*)
from (select store_id from bench_marts.dim_stores where store_id is not null group by store_id having count(*) > 1) as duplicates;
insert into bench_checks
select 'dim_dates.date_day unique', 'error', count(*)
from (select date_day from bench_marts.dim_dates where date_day is not null group by date_day having count(*) > 1) as duplicates;

-- Singular tests (sql/tests/), as they are
insert into bench_checks
select 'assert_dim_dates_contiguous', 'error', count(*)
from (select min(date_day) as first_day, max(date_day) as last_day, count(*) as days
      from bench_marts.dim_dates) as spine
cross join (select min(order_date) as first_order_date, max(order_date) as last_order_date
            from bench_staging.stg_orders) as order_bounds
where spine.first_day <> order_bounds.first_order_date
   or spine.last_day <> order_bounds.last_order_date
   or spine.days <> spine.last_day - spine.first_day + 1;

insert into bench_checks
select 'assert_fct_orders_reconcile_with_items', 'error',
       (select count(*) from bench_marts.fct_orders o
        left join (select order_id, count(*) as item_count, sum(supply_cost) as order_cost
                   from bench_marts.fct_order_items group by order_id) i on o.order_id = i.order_id
        where o.item_count <> coalesce(i.item_count, 0) or o.order_cost <> coalesce(i.order_cost, 0))
     + (select count(*) from bench_staging.stg_order_items s
        where not exists (select from bench_marts.fct_order_items f where f.order_item_id = s.order_item_id));

insert into bench_checks
select 'assert_no_orders_before_store_opened', 'warn', count(*)
from bench_staging.stg_orders o join bench_staging.stg_stores s on o.store_id = s.store_id
where o.ordered_at < s.opened_at;

insert into bench_checks
select 'assert_order_subtotal_matches_items', 'error', count(*)
from bench_staging.stg_orders o
left join (select i.order_id, sum(p.product_price) as items_subtotal
           from bench_staging.stg_order_items i join bench_staging.stg_products p on i.product_id = p.product_id
           group by i.order_id) s on o.order_id = s.order_id
where o.subtotal <> coalesce(s.items_subtotal, 0);

insert into bench_checks
select 'assert_order_tax_matches_store_rate', 'warn', count(*)
from bench_staging.stg_orders o join bench_staging.stg_stores s on o.store_id = s.store_id
where abs(o.tax_paid - o.subtotal * s.tax_rate) > 0.01;

insert into bench_checks
select 'assert_positive_order_totals', 'warn', count(*) from bench_marts.fct_orders
where order_total <= 0 or subtotal < 0 or tax_paid < 0;

-- Severities follow sql/README.md's policy: expectations about the source system warn.
insert into bench_checks
select 'assert_every_store_has_orders', 'warn', count(*) from bench_marts.dim_stores
where number_of_orders = 0;

insert into bench_checks
select 'assert_every_customer_has_orders', 'warn', count(*) from bench_marts.dim_customers
where number_of_orders = 0;

insert into bench_checks
select 'assert_supply_id_sku_unique', 'error', count(*)
from (select supply_id, product_id from bench_staging.stg_supplies
      group by supply_id, product_id having count(*) > 1) as duplicates;

------------------------------------------------------------------------------------------------
-- Verdict: the number of checks (the runner compares it with the project's test count) and
-- an error when any error-severity check found rows
------------------------------------------------------------------------------------------------

select 'checks=' || count(*) || ' failed=' || count(*) filter (where failing > 0 and severity = 'error')
       || ' warned=' || count(*) filter (where failing > 0 and severity = 'warn') as verdict
from bench_checks;

do $$
declare
  failed text;
begin
  select string_agg(check_name || ' (' || failing || ' rows)', ', ') into failed
  from bench_checks where failing > 0 and severity = 'error';
  if failed is not null then
    raise exception 'baseline checks failed: %', failed;
  end if;
end
$$;
