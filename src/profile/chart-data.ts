import type { Warehouse } from '../warehouse/warehouse';
import { niceStep } from './nice-step';
import type { ProfileChartData, TableProfile } from './profile';
import { typeFamily } from './type-family';

/** About this many bars in the order-value histogram. */
const ORDER_VALUE_BINS = 30;

/**
 * The small aggregations behind the report's charts, each one grouped statement on the contract's
 * tables (skipped when a table or column is not there): order_total in dollar bins, orders per
 * day, and how many orders have n items.
 */
export async function queryChartData(
  warehouse: Pick<Warehouse, 'query' | 'dialect'>,
  schema: string,
  tables: readonly TableProfile[],
): Promise<ProfileChartData> {
  const d = warehouse.dialect;
  const q = (name: string) => d.quoteIdentifier(name);
  const orders = d.relation(schema, 'raw_orders');
  const column = (table: string, name: string) =>
    tables.find((t) => t.name === table)?.columns.find((c) => c.name === name);
  const data: ProfileChartData = {};
  const total = column('raw_orders', 'order_total');
  const jobs: Promise<void>[] = [];
  if (total?.quantiles && ['integer', 'decimal'].includes(typeFamily(total.catalogType))) {
    const { p0, p100 } = total.quantiles;
    const step = niceStep((p100 - p0) / 100, ORDER_VALUE_BINS);
    jobs.push(
      warehouse
        .query<{ bin_start: string; orders: string }>(
          `select floor(${q('order_total')} / 100.0 / $1) * $1 as bin_start, count(*) as orders
             from ${orders} where ${q('order_total')} is not null group by 1 order by 1`,
          [step],
        )
        .then((r) => {
          data.orderValues = r.rows.map((row) => ({
            binStart: Number(row.bin_start),
            binEnd: Number(row.bin_start) + step,
            orders: Number(row.orders),
          }));
        }),
    );
  }
  const orderedAt = column('raw_orders', 'ordered_at');
  if (orderedAt && typeFamily(orderedAt.catalogType) === 'timestamp') {
    jobs.push(
      warehouse
        .query<{ day: string; orders: string }>(
          // Group on the date, format the few thousand groups afterwards (to_char per row costs more).
          `select to_char(day, 'YYYY-MM-DD') as day, orders
             from (select cast(${q('ordered_at')} as date) as day, count(*) as orders
                     from ${orders} where ${q('ordered_at')} is not null group by 1) d
            order by 1`,
        )
        .then((r) => {
          data.ordersPerDay = r.rows.map((row) => ({ day: row.day, orders: Number(row.orders) }));
        }),
    );
  }
  if (column('raw_orders', 'id') && column('raw_items', 'order_id')) {
    jobs.push(
      warehouse
        .query<{ items: string; orders: string }>(
          // Join, then group: grouping the items first and joining that makes every parallel worker
          // build the whole per-order hash (measured 5.2 s against 2.7 s on 1.6M orders).
          `select n as items, count(*) as orders
             from (select count(i.${q('order_id')}) as n
                     from ${orders} o left join ${d.relation(schema, 'raw_items')} i on i.${q('order_id')} = o.${q('id')}
                    group by o.${q('id')}) g
            group by 1 order by 1`,
        )
        .then((r) => {
          data.itemsPerOrder = r.rows.map((row) => ({
            items: Number(row.items),
            orders: Number(row.orders),
          }));
        }),
    );
  }
  await Promise.all(jobs);
  return data;
}
