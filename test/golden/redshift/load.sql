-- load plan: 6 raw tables from test/golden/redshift/dataset, target redshift, stage s3 (s3://example-bucket/etl-workbook/)
-- dry run: nothing was connected to, uploaded or changed.

create schema if not exists "raw";
create table if not exists "raw"."raw_customers" ("id" varchar(64), "name" varchar(256));
create table if not exists "raw"."raw_orders" ("id" varchar(64), "customer" varchar(64), "ordered_at" timestamp, "store_id" varchar(64), "subtotal" bigint, "tax_paid" bigint, "order_total" bigint);
create table if not exists "raw"."raw_items" ("id" varchar(64), "order_id" varchar(64), "sku" varchar(64));
create table if not exists "raw"."raw_products" ("sku" varchar(64), "name" varchar(256), "type" varchar(32), "price" bigint, "description" varchar(4096));
create table if not exists "raw"."raw_stores" ("id" varchar(64), "name" varchar(256), "opened_at" timestamp, "tax_rate" numeric(18,6));
create table if not exists "raw"."raw_supplies" ("id" varchar(64), "name" varchar(256), "cost" bigint, "perishable" boolean, "sku" varchar(64));

-- raw_customers: test/golden/redshift/dataset/raw_customers.csv (49 B, sha256 938dddb6bb56…) → 1 gzip part s3://example-bucket/etl-workbook/dataset/raw_customers/938dddb6bb56084b5698ff4af3b0f2093d7d900d32303d7f5d717275dc52ae34/part-NNNN.csv.gz
--   and s3://example-bucket/etl-workbook/dataset/raw_customers/938dddb6bb56084b5698ff4af3b0f2093d7d900d32303d7f5d717275dc52ae34/manifest.json (not uploaded again if already there)
begin;
delete from "raw"."raw_customers";
copy "raw"."raw_customers" ("id", "name")
from 's3://example-bucket/etl-workbook/dataset/raw_customers/938dddb6bb56084b5698ff4af3b0f2093d7d900d32303d7f5d717275dc52ae34/manifest.json'
iam_role 'arn:aws:iam::123456789012:role/etl-workbook-redshift'
region 'eu-west-1'
manifest
format as csv gzip
ignoreheader 1
timeformat 'auto' dateformat 'auto'
encoding utf8 emptyasnull
maxerror 0;
select pg_last_copy_count();  -- must equal the file's data records, else rollback
commit;
analyze "raw"."raw_customers";

-- raw_orders: test/golden/redshift/dataset/raw_orders.csv (189 B, sha256 f7d7e576dc86…) → 2 gzip parts s3://example-bucket/etl-workbook/dataset/raw_orders/f7d7e576dc866dfdaca270996e644797c29de182b8b642f9f83b12a0a9686308/part-NNNN.csv.gz
--   and s3://example-bucket/etl-workbook/dataset/raw_orders/f7d7e576dc866dfdaca270996e644797c29de182b8b642f9f83b12a0a9686308/manifest.json (not uploaded again if already there)
begin;
delete from "raw"."raw_orders";
copy "raw"."raw_orders" ("id", "customer", "ordered_at", "store_id", "subtotal", "tax_paid", "order_total")
from 's3://example-bucket/etl-workbook/dataset/raw_orders/f7d7e576dc866dfdaca270996e644797c29de182b8b642f9f83b12a0a9686308/manifest.json'
iam_role 'arn:aws:iam::123456789012:role/etl-workbook-redshift'
region 'eu-west-1'
manifest
format as csv gzip
ignoreheader 1
timeformat 'auto' dateformat 'auto'
encoding utf8 emptyasnull
maxerror 0;
select pg_last_copy_count();  -- must equal the file's data records, else rollback
commit;
analyze "raw"."raw_orders";

-- raw_items: test/golden/redshift/dataset/raw_items.csv (86 B, sha256 69a4114412dc…) → 2 gzip parts s3://example-bucket/etl-workbook/dataset/raw_items/69a4114412dcb0043ee4e237da32661118d06602cbc7d0d2dc94d9dd7f448ec8/part-NNNN.csv.gz
--   and s3://example-bucket/etl-workbook/dataset/raw_items/69a4114412dcb0043ee4e237da32661118d06602cbc7d0d2dc94d9dd7f448ec8/manifest.json (not uploaded again if already there)
begin;
delete from "raw"."raw_items";
copy "raw"."raw_items" ("id", "order_id", "sku")
from 's3://example-bucket/etl-workbook/dataset/raw_items/69a4114412dcb0043ee4e237da32661118d06602cbc7d0d2dc94d9dd7f448ec8/manifest.json'
iam_role 'arn:aws:iam::123456789012:role/etl-workbook-redshift'
region 'eu-west-1'
manifest
format as csv gzip
ignoreheader 1
timeformat 'auto' dateformat 'auto'
encoding utf8 emptyasnull
maxerror 0;
select pg_last_copy_count();  -- must equal the file's data records, else rollback
commit;
analyze "raw"."raw_items";

-- raw_products: test/golden/redshift/dataset/raw_products.csv (170 B, sha256 50c13b6e7152…) → 2 gzip parts s3://example-bucket/etl-workbook/dataset/raw_products/50c13b6e7152f1ca85cad59b2eed4bb240dd57a660e72be8261bab0580d6b768/part-NNNN.csv.gz
--   and s3://example-bucket/etl-workbook/dataset/raw_products/50c13b6e7152f1ca85cad59b2eed4bb240dd57a660e72be8261bab0580d6b768/manifest.json (not uploaded again if already there)
begin;
delete from "raw"."raw_products";
copy "raw"."raw_products" ("sku", "name", "type", "price", "description")
from 's3://example-bucket/etl-workbook/dataset/raw_products/50c13b6e7152f1ca85cad59b2eed4bb240dd57a660e72be8261bab0580d6b768/manifest.json'
iam_role 'arn:aws:iam::123456789012:role/etl-workbook-redshift'
region 'eu-west-1'
manifest
format as csv gzip
ignoreheader 1
timeformat 'auto' dateformat 'auto'
encoding utf8 emptyasnull
maxerror 0;
select pg_last_copy_count();  -- must equal the file's data records, else rollback
commit;
analyze "raw"."raw_products";

-- raw_stores: test/golden/redshift/dataset/raw_stores.csv (105 B, sha256 3c9eee0c7810…) → 2 gzip parts s3://example-bucket/etl-workbook/dataset/raw_stores/3c9eee0c78101f9fb3c4326d6c6a6b9c2f17718451ecf7a65a05bf60790a5fcb/part-NNNN.csv.gz
--   and s3://example-bucket/etl-workbook/dataset/raw_stores/3c9eee0c78101f9fb3c4326d6c6a6b9c2f17718451ecf7a65a05bf60790a5fcb/manifest.json (not uploaded again if already there)
begin;
delete from "raw"."raw_stores";
copy "raw"."raw_stores" ("id", "name", "opened_at", "tax_rate")
from 's3://example-bucket/etl-workbook/dataset/raw_stores/3c9eee0c78101f9fb3c4326d6c6a6b9c2f17718451ecf7a65a05bf60790a5fcb/manifest.json'
iam_role 'arn:aws:iam::123456789012:role/etl-workbook-redshift'
region 'eu-west-1'
manifest
format as csv gzip
ignoreheader 1
timeformat 'auto' dateformat 'auto'
encoding utf8 emptyasnull
maxerror 0;
select pg_last_copy_count();  -- must equal the file's data records, else rollback
commit;
analyze "raw"."raw_stores";

-- raw_supplies: test/golden/redshift/dataset/raw_supplies.csv (179 B, sha256 a5b094e31d29…) → 3 gzip parts s3://example-bucket/etl-workbook/dataset/raw_supplies/a5b094e31d296aebb9d0d3cb8a19f1ee9c8dd6f76447e3c9c7c5c6c2f6fb0cfd/part-NNNN.csv.gz
--   and s3://example-bucket/etl-workbook/dataset/raw_supplies/a5b094e31d296aebb9d0d3cb8a19f1ee9c8dd6f76447e3c9c7c5c6c2f6fb0cfd/manifest.json (not uploaded again if already there)
begin;
delete from "raw"."raw_supplies";
copy "raw"."raw_supplies" ("id", "name", "cost", "perishable", "sku")
from 's3://example-bucket/etl-workbook/dataset/raw_supplies/a5b094e31d296aebb9d0d3cb8a19f1ee9c8dd6f76447e3c9c7c5c6c2f6fb0cfd/manifest.json'
iam_role 'arn:aws:iam::123456789012:role/etl-workbook-redshift'
region 'eu-west-1'
manifest
format as csv gzip
ignoreheader 1
timeformat 'auto' dateformat 'auto'
encoding utf8 emptyasnull
maxerror 0;
select pg_last_copy_count();  -- must equal the file's data records, else rollback
commit;
analyze "raw"."raw_supplies";
