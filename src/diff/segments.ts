import type { Warehouse } from '../warehouse/warehouse';

export type SegmentDimension = 'store' | 'month' | 'product' | 'customer_type';

/** One segment's share of the data effect on revenue, in cents. */
export interface SegmentEffect {
  dimension: SegmentDimension;
  segment: string;
  baseCents: number;
  newDataCents: number;
  /** newDataCents − baseCents: this segment's part of the revenue data effect. */
  effectCents: number;
}

/**
 * Per dimension, revenue by segment as the marts compute it (Σ fct_orders.subtotal; per product
 * Σ fct_order_items.price). The segments of one dimension cover every order, so their effects
 * add up to the whole revenue data effect.
 */
function segmentRevenueSql(warehouse: Warehouse, schema: string): string {
  const r = (name: string) => warehouse.dialect.relation(schema, name);
  const cents = (expression: string) => `cast(round(sum(${expression}) * 100) as bigint)`;
  return `
    select 'store' as dimension, s.store_name as segment, ${cents('o.subtotal')} as cents
      from ${r('fct_orders')} o join ${r('dim_stores')} s on s.store_id = o.store_id group by s.store_name
    union all
    select 'month', to_char(o.ordered_at, 'YYYY-MM'), ${cents('o.subtotal')}
      from ${r('fct_orders')} o group by to_char(o.ordered_at, 'YYYY-MM')
    union all
    select 'customer_type', c.customer_type, ${cents('o.subtotal')}
      from ${r('fct_orders')} o join ${r('dim_customers')} c on c.customer_id = o.customer_id group by c.customer_type
    union all
    select 'product', p.product_name, ${cents('i.price')}
      from ${r('fct_order_items')} i join ${r('dim_products')} p on p.product_id = i.product_id group by p.product_name`;
}

/**
 * Ranks the segments (store, month, product, customer type) by how much of the revenue data
 * effect they account for: base code on the new data (`newDataSchema`) minus base code on the
 * base data (`baseSchema`), both read from marts already built. Largest absolute effect first.
 */
export async function rankSegments(
  warehouse: Warehouse,
  schemas: { baseSchema: string; newDataSchema: string },
  limit = Number.POSITIVE_INFINITY,
): Promise<SegmentEffect[]> {
  const result = await warehouse.query<{
    dimension: SegmentDimension;
    segment: string;
    base: string;
    next: string;
  }>(
    `with b as (${segmentRevenueSql(warehouse, schemas.baseSchema)}),
          n as (${segmentRevenueSql(warehouse, schemas.newDataSchema)})
     select coalesce(b.dimension, n.dimension) as dimension, coalesce(b.segment, n.segment) as segment,
            coalesce(b.cents, 0) as base, coalesce(n.cents, 0) as next
     from b full outer join n on b.dimension = n.dimension and b.segment = n.segment`,
  );
  return result.rows
    .map((row) => {
      const baseCents = Number(row.base);
      const newDataCents = Number(row.next);
      return {
        dimension: row.dimension,
        segment: row.segment,
        baseCents,
        newDataCents,
        effectCents: newDataCents - baseCents,
      };
    })
    .filter((segment) => segment.effectCents !== 0)
    .sort(
      (a, b) =>
        Math.abs(b.effectCents) - Math.abs(a.effectCents) ||
        a.dimension.localeCompare(b.dimension) ||
        a.segment.localeCompare(b.segment),
    )
    .slice(0, limit);
}
