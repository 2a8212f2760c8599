import { join } from 'node:path';
import { readCsv } from './read-csv';

/**
 * Headline numbers of a dataset in exact integer units, from the CSV files alone: revenue and
 * orders, item revenue, the gross margin under either margin definition (all supplies, or
 * perishable ones only) and the repeat rate in 1/10,000.
 */
export function referenceHeadlines(dataDir: string, margin: 'all' | 'perishable') {
  const orders = readCsv(join(dataDir, 'raw_orders.csv'));
  const items = readCsv(join(dataDir, 'raw_items.csv'));
  const price = new Map(readCsv(join(dataDir, 'raw_products.csv')).map((p) => [p.sku, Number(p.price)]));
  const cost = new Map<string, number>();
  const nonPerishable = new Map<string, number>();
  for (const supply of readCsv(join(dataDir, 'raw_supplies.csv'))) {
    const perishable = supply.perishable === 'True';
    if (!perishable)
      nonPerishable.set(supply.sku, (nonPerishable.get(supply.sku) ?? 0) + Number(supply.cost));
    if (margin === 'perishable' && !perishable) continue;
    cost.set(supply.sku, (cost.get(supply.sku) ?? 0) + Number(supply.cost));
  }
  const perCustomer = new Map<string, number>();
  for (const order of orders) perCustomer.set(order.customer, (perCustomer.get(order.customer) ?? 0) + 1);
  const repeat = [...perCustomer.values()].filter((n) => n > 1).length;
  return {
    revenueCents: orders.reduce((sum, o) => sum + Number(o.subtotal), 0),
    orders: orders.length,
    grossMarginCents: items.reduce((sum, i) => sum + (price.get(i.sku) ?? 0) - (cost.get(i.sku) ?? 0), 0),
    // round half up of repeat / customers to 4 decimals, in integers
    repeatRateUnits: Math.floor((2 * repeat * 10_000 + perCustomer.size) / (2 * perCustomer.size)),
    /** Items whose cost differs between the two margin definitions (a non-perishable supply costs). */
    itemsWithNonPerishableCost: items.filter((i) => (nonPerishable.get(i.sku) ?? 0) !== 0).length,
  };
}
