import { join } from 'node:path';
import { readCsv } from './read-csv';

/**
 * The anomalies of a dataset that the warn-severity tests report, counted straight from its CSV
 * files (independently of the SQL): orders with no items, orders whose tax is more than a cent away
 * from subtotal × rate (exact integer arithmetic), stores and customers without orders.
 */
export function referenceAnomalies(dataDir: string) {
  const read = (name: string) => readCsv(join(dataDir, `${name}.csv`));
  const orders = read('raw_orders');
  const items = read('raw_items');
  const stores = read('raw_stores');
  const customers = read('raw_customers');
  const ordersWithItems = new Set(items.map((item) => item.order_id));
  const rates = new Map(stores.map((store) => [store.id, exactRate(store.tax_rate)]));
  const taxOffByMoreThanACent = orders.filter((order) => {
    const rate = rates.get(order.store_id);
    if (!rate) throw new Error(`order ${order.id} has unknown store ${order.store_id}`);
    // |tax − subtotal × num / den| > 1 cent  ⇔  |tax × den − subtotal × num| > den
    const difference = BigInt(order.tax_paid) * rate.den - BigInt(order.subtotal) * rate.num;
    return (difference < 0n ? -difference : difference) > rate.den;
  });
  const storesWithOrders = new Set(orders.map((order) => order.store_id));
  const customersWithOrders = new Set(orders.map((order) => order.customer));
  return {
    ordersWithoutItems: orders.filter((order) => !ordersWithItems.has(order.id)),
    taxOffByMoreThanACent,
    storesWithoutOrders: stores.filter((store) => !storesWithOrders.has(store.id)),
    customersWithoutOrders: customers.filter((customer) => !customersWithOrders.has(customer.id)),
    ordersById: new Map(orders.map((order) => [order.id, order])),
  };
}

/** `0.0625` → 625 / 10000, exactly. */
function exactRate(text: string): { num: bigint; den: bigint } {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`tax rate ${JSON.stringify(text)} is not a decimal`);
  const fraction = match[2] ?? '';
  return { num: BigInt(match[1] + fraction), den: 10n ** BigInt(fraction.length) };
}
