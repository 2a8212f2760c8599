import { findingText as t } from './finding-text';
import type { Severity } from './profile';

/** Builds a rule's SQL with the warehouse's quoting and the profiled schema. */
export type RuleSql = {
  /** `"schema"."table"` */
  rel(table: string): string;
  /** `"column"` */
  col(name: string): string;
};

/**
 * A check specific to the raw contract. `badRows` selects one row per violation with a text
 * `example` column (an id to look the row up); the runner counts them and quotes a few.
 */
export type BusinessRule = {
  code: string;
  severity: Severity;
  table: string;
  column?: string;
  /** Tables and columns the rule reads; it is skipped when one is not profiled. */
  needs: Readonly<Record<string, readonly string[]>>;
  badRows(sql: RuleSql): string;
  message(count: number): string;
};

/** Money columns (cents) that can never be negative, with the id that names a row. */
const AMOUNTS: readonly { table: string; column: string; id: string[] }[] = [
  { table: 'raw_orders', column: 'subtotal', id: ['id'] },
  { table: 'raw_orders', column: 'tax_paid', id: ['id'] },
  { table: 'raw_orders', column: 'order_total', id: ['id'] },
  { table: 'raw_products', column: 'price', id: ['sku'] },
  { table: 'raw_supplies', column: 'cost', id: ['id', 'sku'] },
];

const PRODUCT_TYPES = ['jaffle', 'beverage'];

const negativeAmount = ({ table, column, id }: (typeof AMOUNTS)[number]): BusinessRule => ({
  code: 'negative_amount',
  severity: 'error',
  table,
  column,
  needs: { [table]: [column, ...id] },
  badRows: (s) =>
    `select concat_ws('/', ${id.map((c) => `${s.col(c)}::text`).join(', ')}) as example from ${s.rel(table)} where ${s.col(column)} < 0`,
  message: (n) => `${table}.${column} is negative on ${t.count(n, 'row')}`,
});

/** The contract's business rules (money adds up, references make sense in time, known values). */
export const BUSINESS_RULES: readonly BusinessRule[] = [
  {
    code: 'order_total_mismatch',
    severity: 'error',
    table: 'raw_orders',
    column: 'order_total',
    needs: { raw_orders: ['id', 'subtotal', 'tax_paid', 'order_total'] },
    badRows: (s) =>
      `select ${s.col('id')}::text as example from ${s.rel('raw_orders')} where ${s.col('order_total')} <> ${s.col('subtotal')} + ${s.col('tax_paid')}`,
    message: (n) => `raw_orders.order_total ≠ subtotal + tax_paid on ${t.count(n, 'row')}`,
  },
  {
    code: 'subtotal_mismatch',
    severity: 'error',
    table: 'raw_orders',
    column: 'subtotal',
    needs: { raw_orders: ['id', 'subtotal'], raw_items: ['order_id', 'sku'], raw_products: ['sku', 'price'] },
    // Join, then group (faster in parallel than joining a per-order aggregate). Orders without
    // items compare against 0; items of unknown products add nothing (they are orphans already).
    badRows: (s) => `select o.${s.col('id')}::text as example
  from ${s.rel('raw_orders')} o
  left join ${s.rel('raw_items')} i on i.${s.col('order_id')} = o.${s.col('id')}
  left join ${s.rel('raw_products')} p on p.${s.col('sku')} = i.${s.col('sku')}
 group by o.${s.col('id')}, o.${s.col('subtotal')}
having o.${s.col('subtotal')} <> coalesce(sum(p.${s.col('price')}), 0)`,
    message: (n) => `raw_orders.subtotal ≠ Σ item prices on ${t.count(n, 'order')}`,
  },
  {
    code: 'tax_mismatch',
    severity: 'warn',
    table: 'raw_orders',
    column: 'tax_paid',
    needs: { raw_orders: ['id', 'store_id', 'subtotal', 'tax_paid'], raw_stores: ['id', 'tax_rate'] },
    // Cents: every rounding rule (half up, banker's, truncation, upstream's truncated float product)
    // stays within one cent of the exact product, as in sql/tests/assert_order_tax_matches_store_rate.
    badRows: (s) => `select o.${s.col('id')}::text as example
  from ${s.rel('raw_orders')} o
 where exists (select 1 from ${s.rel('raw_stores')} st
                where st.${s.col('id')} = o.${s.col('store_id')}
                  and abs(o.${s.col('tax_paid')} - o.${s.col('subtotal')} * st.${s.col('tax_rate')}) > 1)`,
    message: (n) =>
      `raw_orders.tax_paid is more than a cent away from subtotal × the store’s tax_rate on ${t.count(n, 'row')}`,
  },
  {
    code: 'order_before_store_opened',
    severity: 'warn',
    table: 'raw_orders',
    column: 'ordered_at',
    needs: { raw_orders: ['id', 'store_id', 'ordered_at'], raw_stores: ['id', 'opened_at'] },
    badRows: (s) => `select o.${s.col('id')}::text as example
  from ${s.rel('raw_orders')} o
 where exists (select 1 from ${s.rel('raw_stores')} st
                where st.${s.col('id')} = o.${s.col('store_id')} and o.${s.col('ordered_at')} < st.${s.col('opened_at')})`,
    message: (n) => `raw_orders has orders before their store opened (${t.count(n, 'row')})`,
  },
  {
    code: 'order_without_items',
    severity: 'warn',
    table: 'raw_orders',
    column: 'id',
    needs: { raw_orders: ['id'], raw_items: ['order_id'] },
    badRows: (s) => `select o.${s.col('id')}::text as example
  from ${s.rel('raw_orders')} o
 where not exists (select 1 from ${s.rel('raw_items')} i where i.${s.col('order_id')} = o.${s.col('id')})`,
    message: (n) =>
      `${t.count(n, 'order')} ${t.verb(n, 'has', 'have')} no items (raw_orders.id not in raw_items.order_id)`,
  },
  {
    code: 'unknown_product_type',
    severity: 'warn',
    table: 'raw_products',
    column: 'type',
    needs: { raw_products: ['sku', 'type'] },
    badRows: (s) =>
      `select ${s.col('sku')}::text as example from ${s.rel('raw_products')} where ${s.col('type')} is null or ${s.col('type')} not in (${PRODUCT_TYPES.map((v) => `'${v}'`).join(', ')})`,
    message: (n) => `raw_products.type is not ${PRODUCT_TYPES.join(' or ')} on ${t.count(n, 'row')}`,
  },
  ...AMOUNTS.map(negativeAmount),
];
