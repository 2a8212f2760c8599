-- build plan: project golden_shop, dialect redshift, 10 steps

-- setup
create schema if not exists "marts";
create schema if not exists "staging";

-- model.dim_customers (table, test/golden/redshift/project/marts/dim_customers.sql)
drop table if exists "marts"."dim_customers__etl_new";
create table "marts"."dim_customers__etl_new" diststyle all compound sortkey ("customer_id") as
select id as customer_id, name as customer_name
from "raw"."raw_customers";
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
analyze "marts"."dim_customers";
--   if statement 5 fails with 42809 (a view stands where the table goes), instead:
--     begin;
--     drop view if exists "marts"."dim_customers" cascade;
--     alter table "marts"."dim_customers__etl_new" rename to "dim_customers";
--     commit;
--     analyze "marts"."dim_customers";

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

-- model.stg_orders (view, test/golden/redshift/project/staging/stg_orders.sql)
create or replace view "staging"."stg_orders" as
select
    id as order_id,
    customer as customer_id,
    store_id,
    ordered_at,
    cast(ordered_at as date) as order_date,
    order_total
from "raw"."raw_orders"
with no schema binding;
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

-- model.fct_orders (table, test/golden/redshift/project/marts/fct_orders.sql; after model.stg_orders)
drop table if exists "marts"."fct_orders__etl_new";
create table "marts"."fct_orders__etl_new" diststyle key distkey ("order_id") compound sortkey ("ordered_at") as
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
analyze "marts"."fct_orders";
--   if statement 6 fails with 42809 (a view stands where the table goes), instead:
--     begin;
--     drop view if exists "marts"."fct_orders" cascade;
--     alter table "marts"."fct_orders__etl_new" rename to "fct_orders";
--     commit;
--     analyze "marts"."fct_orders";

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
create table "marts"."agg_customer_totals__etl_new" diststyle even compound sortkey ("customer_id") as
select customer_id, count(*) as orders
from "marts"."fct_orders"
group by customer_id;
begin;
drop table if exists "marts"."agg_customer_totals" cascade;
alter table "marts"."agg_customer_totals__etl_new" rename to "agg_customer_totals";
commit;
analyze "marts"."agg_customer_totals";
--   if statement 4 fails with 42809 (a view stands where the table goes), instead:
--     begin;
--     drop view if exists "marts"."agg_customer_totals" cascade;
--     alter table "marts"."agg_customer_totals__etl_new" rename to "agg_customer_totals";
--     commit;
--     analyze "marts"."agg_customer_totals";

-- model.agg_store_days (table, test/golden/redshift/project/marts/agg_store_days.sql; after model.fct_orders, test.not_null_fct_orders_order_id, test.unique_fct_orders_order_id)
drop table if exists "marts"."agg_store_days__etl_new";
create table "marts"."agg_store_days__etl_new" diststyle key distkey ("store_id") compound sortkey ("order_date", "store_id") as

select store_id, order_date, count(*) as orders, sum(order_total) as revenue
from "marts"."fct_orders"
group by store_id, order_date;
begin;
drop table if exists "marts"."agg_store_days" cascade;
alter table "marts"."agg_store_days__etl_new" rename to "agg_store_days";
commit;
analyze "marts"."agg_store_days";
--   if statement 4 fails with 42809 (a view stands where the table goes), instead:
--     begin;
--     drop view if exists "marts"."agg_store_days" cascade;
--     alter table "marts"."agg_store_days__etl_new" rename to "agg_store_days";
--     commit;
--     analyze "marts"."agg_store_days";

-- model.fct_order_items (table, test/golden/redshift/project/marts/fct_order_items.sql; after model.fct_orders, test.not_null_fct_orders_order_id, test.unique_fct_orders_order_id)
drop table if exists "marts"."fct_order_items__etl_new";
create table "marts"."fct_order_items__etl_new" diststyle key distkey ("order_id") compound sortkey ("ordered_at") as
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
analyze "marts"."fct_order_items";
--   if statement 5 fails with 42809 (a view stands where the table goes), instead:
--     begin;
--     drop view if exists "marts"."fct_order_items" cascade;
--     alter table "marts"."fct_order_items__etl_new" rename to "fct_order_items";
--     commit;
--     analyze "marts"."fct_order_items";

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
