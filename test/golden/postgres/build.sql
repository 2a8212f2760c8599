-- build plan: project golden_shop, dialect postgres, 17 steps

-- setup
create schema if not exists "marts";
create schema if not exists "seeds";
create schema if not exists "staging";

-- unit_test.dim_customers.dim_customers_counts_orders_and_keeps_cents (unit test of model.dim_customers, test/golden/redshift/project/marts/_marts.yml:34; expects 2 rows)
select "customer_id", "order_count", "lifetime_total" from (
with "__unit_given_1" as (
select cast('c1' as text) as "id", cast('Zoë O''Brien' as text) as "name"
union all
select cast('c2' as text) as "id", cast('New' as text) as "name"
),
"__unit_given_2" as (
select cast('c1' as text) as "customer_id", cast(2 as integer) as "order_count", cast(29.68 as numeric) as "lifetime_total"
),
-- Reads an ephemeral model and has CTEs named like the ephemeral's own (orders, final).
    

customers as (

    select id as customer_id, name as customer_name
    from "__unit_given_1"

),

orders as (

    select * from "__unit_given_2"

),

final as (

    select
        customers.customer_id,
        customers.customer_name,
        coalesce(orders.order_count, 0) as order_count,
        coalesce(orders.lifetime_total, 0) as lifetime_total
    from customers
    left join orders on orders.customer_id = customers.customer_id

)

select * from final
) as dbt_internal_unit_test_actual;

-- model.stg_orders (view, test/golden/redshift/project/staging/stg_orders.sql)
create or replace view "staging"."stg_orders" as
select
    id as order_id,
    customer as customer_id,
    store_id,
    ordered_at,
    cast(ordered_at as date) as order_date,
    order_total
from "raw"."raw_orders";
--   if statement 1 fails with 42P16 (the view's columns changed), instead:
--     begin;
--     drop view if exists "staging"."stg_orders" cascade;
--     create view "staging"."stg_orders" as <the model's SQL above>;
--     commit;
--   if statement 1 fails with 42809 (a table stands where the view goes), instead:
--     begin;
--     drop table if exists "staging"."stg_orders" cascade;
--     create view "staging"."stg_orders" as <the model's SQL above>;
--     commit;

-- model.dim_customers (table, test/golden/redshift/project/marts/dim_customers.sql; after model.stg_orders, unit_test.dim_customers.dim_customers_counts_orders_and_keeps_cents)
drop table if exists "marts"."dim_customers__etl_new";
create table "marts"."dim_customers__etl_new" as
with "__dbt__cte__int_customer_orders__orders" as (


    select * from "staging"."stg_orders"


),
"__dbt__cte__int_customer_orders__final" as (


    select customer_id, count(*) as order_count, sum(order_total) as lifetime_total
    from "__dbt__cte__int_customer_orders__orders"
    group by customer_id


),
"__dbt__cte__int_customer_orders" as (
select * from "__dbt__cte__int_customer_orders__final"
),
-- Reads an ephemeral model and has CTEs named like the ephemeral's own (orders, final).
    

customers as (

    select id as customer_id, name as customer_name
    from "raw"."raw_customers"

),

orders as (

    select * from "__dbt__cte__int_customer_orders"

),

final as (

    select
        customers.customer_id,
        customers.customer_name,
        coalesce(orders.order_count, 0) as order_count,
        coalesce(orders.lifetime_total, 0) as lifetime_total
    from customers
    left join orders on orders.customer_id = customers.customer_id

)

select * from final;
-- guard: test unique_dim_customers_customer_id on the new table before the swap; when failures > 0: sample the first rows, drop table if exists "marts"."dim_customers__etl_new", keep the previous table (the model errors)
select count(*) as failures from (
select
    "customer_id" as unique_field,
    count(*) as n_records
from "marts"."dim_customers__etl_new"
where "customer_id" is not null
group by "customer_id"
having count(*) > 1
) as dbt_internal_test;
begin;
drop table if exists "marts"."dim_customers" cascade;
alter table "marts"."dim_customers__etl_new" rename to "dim_customers";
commit;
begin;
set local default_statistics_target = 10;
analyze "marts"."dim_customers";
commit;
--   if statement 5 fails with 42809 (a view stands where the table goes), instead:
--     begin;
--     drop view if exists "marts"."dim_customers" cascade;
--     alter table "marts"."dim_customers__etl_new" rename to "dim_customers";
--     commit;
--     begin;
--     set local default_statistics_target = 10;
--     analyze "marts"."dim_customers";
--     commit;

-- test.unique_dim_customers_customer_id (severity error, test/golden/redshift/project/marts/_marts.yml:20; after model.dim_customers)
select count(*) as failures from (
select
    "customer_id" as unique_field,
    count(*) as n_records
from "marts"."dim_customers"
where "customer_id" is not null
group by "customer_id"
having count(*) > 1
) as dbt_internal_test;
-- when failures > 0:
select * from (
select
    "customer_id" as unique_field,
    count(*) as n_records
from "marts"."dim_customers"
where "customer_id" is not null
group by "customer_id"
having count(*) > 1
) as dbt_internal_test limit 5;

-- model.fct_orders (table, test/golden/redshift/project/marts/fct_orders.sql; after model.stg_orders)
drop table if exists "marts"."fct_orders__etl_new";
create table "marts"."fct_orders__etl_new" as
select order_id, customer_id, store_id, ordered_at, order_date, order_total
from "staging"."stg_orders";
-- guard: test unique_fct_orders_order_id on the new table before the swap; when failures > 0: sample the first rows, drop table if exists "marts"."fct_orders__etl_new", keep the previous table (the model errors)
select count(*) as failures from (
select
    "order_id" as unique_field,
    count(*) as n_records
from "marts"."fct_orders__etl_new"
where "order_id" is not null
group by "order_id"
having count(*) > 1
) as dbt_internal_test;
-- guard: test not_null_fct_orders_order_id on the new table before the swap; when failures > 0: sample the first rows, drop table if exists "marts"."fct_orders__etl_new", keep the previous table (the model errors)
select count(*) as failures from (
select *
from "marts"."fct_orders__etl_new"
where "order_id" is null
) as dbt_internal_test;
begin;
drop table if exists "marts"."fct_orders" cascade;
alter table "marts"."fct_orders__etl_new" rename to "fct_orders";
commit;
begin;
set local default_statistics_target = 10;
analyze "marts"."fct_orders";
commit;
--   if statement 6 fails with 42809 (a view stands where the table goes), instead:
--     begin;
--     drop view if exists "marts"."fct_orders" cascade;
--     alter table "marts"."fct_orders__etl_new" rename to "fct_orders";
--     commit;
--     begin;
--     set local default_statistics_target = 10;
--     analyze "marts"."fct_orders";
--     commit;

-- test.not_null_fct_orders_order_id (severity error, test/golden/redshift/project/marts/_marts.yml:5; after model.fct_orders)
select count(*) as failures from (
select *
from "marts"."fct_orders"
where "order_id" is null
) as dbt_internal_test;
-- when failures > 0:
select * from (
select *
from "marts"."fct_orders"
where "order_id" is null
) as dbt_internal_test limit 5;

-- test.unique_fct_orders_order_id (severity error, test/golden/redshift/project/marts/_marts.yml:5; after model.fct_orders)
select count(*) as failures from (
select
    "order_id" as unique_field,
    count(*) as n_records
from "marts"."fct_orders"
where "order_id" is not null
group by "order_id"
having count(*) > 1
) as dbt_internal_test;
-- when failures > 0:
select * from (
select
    "order_id" as unique_field,
    count(*) as n_records
from "marts"."fct_orders"
where "order_id" is not null
group by "order_id"
having count(*) > 1
) as dbt_internal_test limit 5;

-- model.agg_customer_totals (table, test/golden/redshift/project/marts/agg_customer_totals.sql; after model.fct_orders, test.not_null_fct_orders_order_id, test.unique_fct_orders_order_id)
drop table if exists "marts"."agg_customer_totals__etl_new";
create table "marts"."agg_customer_totals__etl_new" as
select customer_id, count(*) as orders
from "marts"."fct_orders"
group by customer_id;
begin;
drop table if exists "marts"."agg_customer_totals" cascade;
alter table "marts"."agg_customer_totals__etl_new" rename to "agg_customer_totals";
commit;
begin;
set local default_statistics_target = 10;
analyze "marts"."agg_customer_totals";
commit;
--   if statement 4 fails with 42809 (a view stands where the table goes), instead:
--     begin;
--     drop view if exists "marts"."agg_customer_totals" cascade;
--     alter table "marts"."agg_customer_totals__etl_new" rename to "agg_customer_totals";
--     commit;
--     begin;
--     set local default_statistics_target = 10;
--     analyze "marts"."agg_customer_totals";
--     commit;

-- model.agg_store_days (table, test/golden/redshift/project/marts/agg_store_days.sql; after model.fct_orders, test.not_null_fct_orders_order_id, test.unique_fct_orders_order_id)
drop table if exists "marts"."agg_store_days__etl_new";
create table "marts"."agg_store_days__etl_new" as

select store_id, order_date, count(*) as orders, sum(order_total) as revenue
from "marts"."fct_orders"
group by store_id, order_date;
begin;
drop table if exists "marts"."agg_store_days" cascade;
alter table "marts"."agg_store_days__etl_new" rename to "agg_store_days";
commit;
begin;
set local default_statistics_target = 10;
analyze "marts"."agg_store_days";
commit;
--   if statement 4 fails with 42809 (a view stands where the table goes), instead:
--     begin;
--     drop view if exists "marts"."agg_store_days" cascade;
--     alter table "marts"."agg_store_days__etl_new" rename to "agg_store_days";
--     commit;
--     begin;
--     set local default_statistics_target = 10;
--     analyze "marts"."agg_store_days";
--     commit;

-- model.dim_dates (table, test/golden/redshift/project/marts/dim_dates.sql; after model.fct_orders, test.not_null_fct_orders_order_id, test.unique_fct_orders_order_id)
drop table if exists "marts"."dim_dates__etl_new";
create table "marts"."dim_dates__etl_new" as
-- A date spine without generate_series (leader-node only on Redshift): digits cross-joined.
with

bounds as (

    select min(order_date) as first_date, max(order_date) as last_date
    from "marts"."fct_orders"

),

digits as (

    select 0 as digit union all select 1 union all select 2 union all select 3 union all select 4
    union all select 5 union all select 6 union all select 7 union all select 8 union all select 9

),

day_offsets as (

    select ones.digit + 10 * tens.digit + 100 * hundreds.digit as day_offset
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds

)

select cast(bounds.first_date + day_offsets.day_offset as date) as date_day
from bounds
inner join day_offsets on day_offsets.day_offset <= bounds.last_date - bounds.first_date;
-- guard: test unique_dim_dates_date_day on the new table before the swap; when failures > 0: sample the first rows, drop table if exists "marts"."dim_dates__etl_new", keep the previous table (the model errors)
select count(*) as failures from (
select
    "date_day" as unique_field,
    count(*) as n_records
from "marts"."dim_dates__etl_new"
where "date_day" is not null
group by "date_day"
having count(*) > 1
) as dbt_internal_test;
-- guard: test not_null_dim_dates_date_day on the new table before the swap; when failures > 0: sample the first rows, drop table if exists "marts"."dim_dates__etl_new", keep the previous table (the model errors)
select count(*) as failures from (
select *
from "marts"."dim_dates__etl_new"
where "date_day" is null
) as dbt_internal_test;
begin;
drop table if exists "marts"."dim_dates" cascade;
alter table "marts"."dim_dates__etl_new" rename to "dim_dates";
commit;
begin;
set local default_statistics_target = 10;
analyze "marts"."dim_dates";
commit;
--   if statement 6 fails with 42809 (a view stands where the table goes), instead:
--     begin;
--     drop view if exists "marts"."dim_dates" cascade;
--     alter table "marts"."dim_dates__etl_new" rename to "dim_dates";
--     commit;
--     begin;
--     set local default_statistics_target = 10;
--     analyze "marts"."dim_dates";
--     commit;

-- test.not_null_dim_dates_date_day (severity error, test/golden/redshift/project/marts/_marts.yml:29; after model.dim_dates)
select count(*) as failures from (
select *
from "marts"."dim_dates"
where "date_day" is null
) as dbt_internal_test;
-- when failures > 0:
select * from (
select *
from "marts"."dim_dates"
where "date_day" is null
) as dbt_internal_test limit 5;

-- test.unique_dim_dates_date_day (severity error, test/golden/redshift/project/marts/_marts.yml:29; after model.dim_dates)
select count(*) as failures from (
select
    "date_day" as unique_field,
    count(*) as n_records
from "marts"."dim_dates"
where "date_day" is not null
group by "date_day"
having count(*) > 1
) as dbt_internal_test;
-- when failures > 0:
select * from (
select
    "date_day" as unique_field,
    count(*) as n_records
from "marts"."dim_dates"
where "date_day" is not null
group by "date_day"
having count(*) > 1
) as dbt_internal_test limit 5;

-- model.fct_order_items (table, test/golden/redshift/project/marts/fct_order_items.sql; after model.fct_orders, test.not_null_fct_orders_order_id, test.unique_fct_orders_order_id)
drop table if exists "marts"."fct_order_items__etl_new";
create table "marts"."fct_order_items__etl_new" as
select items.id as order_item_id, orders.order_id, orders.customer_id, items.sku as product_id, orders.ordered_at
from "raw"."raw_items" as items
join "marts"."fct_orders" as orders on orders.order_id = items.order_id;
-- guard: test unique_fct_order_items_order_item_id on the new table before the swap; when failures > 0: sample the first rows, drop table if exists "marts"."fct_order_items__etl_new", keep the previous table (the model errors)
select count(*) as failures from (
select
    "order_item_id" as unique_field,
    count(*) as n_records
from "marts"."fct_order_items__etl_new"
where "order_item_id" is not null
group by "order_item_id"
having count(*) > 1
) as dbt_internal_test;
begin;
drop table if exists "marts"."fct_order_items" cascade;
alter table "marts"."fct_order_items__etl_new" rename to "fct_order_items";
commit;
begin;
set local default_statistics_target = 10;
analyze "marts"."fct_order_items";
commit;
--   if statement 5 fails with 42809 (a view stands where the table goes), instead:
--     begin;
--     drop view if exists "marts"."fct_order_items" cascade;
--     alter table "marts"."fct_order_items__etl_new" rename to "fct_order_items";
--     commit;
--     begin;
--     set local default_statistics_target = 10;
--     analyze "marts"."fct_order_items";
--     commit;

-- test.unique_fct_order_items_order_item_id (severity error, test/golden/redshift/project/marts/_marts.yml:12; after model.fct_order_items)
select count(*) as failures from (
select
    "order_item_id" as unique_field,
    count(*) as n_records
from "marts"."fct_order_items"
where "order_item_id" is not null
group by "order_item_id"
having count(*) > 1
) as dbt_internal_test;
-- when failures > 0:
select * from (
select
    "order_item_id" as unique_field,
    count(*) as n_records
from "marts"."fct_order_items"
where "order_item_id" is not null
group by "order_item_id"
having count(*) > 1
) as dbt_internal_test limit 5;

-- seed.store_regions (seed, 3 rows, test/golden/redshift/project/seeds/store_regions.csv)
drop table if exists "seeds"."store_regions__etl_new";
create table "seeds"."store_regions__etl_new" (
  "store_id" text,
  "region" text,
  "tax_rate" numeric
);
copy "seeds"."store_regions__etl_new" ("store_id", "region", "tax_rate") from stdin with (format csv, header true, encoding 'UTF8');
begin;
drop table if exists "seeds"."store_regions" cascade;
alter table "seeds"."store_regions__etl_new" rename to "store_regions";
commit;
analyze "seeds"."store_regions";
--   if statement 5 fails with 42809 (a view stands where the seed goes), instead:
--     begin;
--     drop view if exists "seeds"."store_regions" cascade;
--     alter table "seeds"."store_regions__etl_new" rename to "store_regions";
--     commit;
--     analyze "seeds"."store_regions";

-- model.dim_stores (table, test/golden/redshift/project/marts/dim_stores.sql; after seed.store_regions)
drop table if exists "marts"."dim_stores__etl_new";
create table "marts"."dim_stores__etl_new" as
select store_id, coalesce(region, 'Unassigned') as region, tax_rate
from "seeds"."store_regions";
-- guard: test unique_dim_stores_store_id on the new table before the swap; when failures > 0: sample the first rows, drop table if exists "marts"."dim_stores__etl_new", keep the previous table (the model errors)
select count(*) as failures from (
select
    "store_id" as unique_field,
    count(*) as n_records
from "marts"."dim_stores__etl_new"
where "store_id" is not null
group by "store_id"
having count(*) > 1
) as dbt_internal_test;
begin;
drop table if exists "marts"."dim_stores" cascade;
alter table "marts"."dim_stores__etl_new" rename to "dim_stores";
commit;
begin;
set local default_statistics_target = 10;
analyze "marts"."dim_stores";
commit;
--   if statement 5 fails with 42809 (a view stands where the table goes), instead:
--     begin;
--     drop view if exists "marts"."dim_stores" cascade;
--     alter table "marts"."dim_stores__etl_new" rename to "dim_stores";
--     commit;
--     begin;
--     set local default_statistics_target = 10;
--     analyze "marts"."dim_stores";
--     commit;

-- test.unique_dim_stores_store_id (severity error, test/golden/redshift/project/marts/_marts.yml:25; after model.dim_stores)
select count(*) as failures from (
select
    "store_id" as unique_field,
    count(*) as n_records
from "marts"."dim_stores"
where "store_id" is not null
group by "store_id"
having count(*) > 1
) as dbt_internal_test;
-- when failures > 0:
select * from (
select
    "store_id" as unique_field,
    count(*) as n_records
from "marts"."dim_stores"
where "store_id" is not null
group by "store_id"
having count(*) > 1
) as dbt_internal_test limit 5;
