import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from './read-csv';

/**
 * Writes to `baseDir` the dataset of `newDir` without its orders (and their items) from
 * `cutoffMonth` ('YYYY-MM') on: the new extract is the base one with a month added.
 */
export function withoutMonthsFrom(newDir: string, baseDir: string, cutoffMonth: string): void {
  mkdirSync(baseDir, { recursive: true });
  for (const file of ['raw_customers', 'raw_products', 'raw_stores', 'raw_supplies']) {
    cpSync(join(newDir, `${file}.csv`), join(baseDir, `${file}.csv`));
  }
  const dropped = new Set(
    readCsv(join(newDir, 'raw_orders.csv'))
      .filter((order) => order.ordered_at.slice(0, 7) >= cutoffMonth)
      .map((order) => order.id),
  );
  // Generated ids and timestamps are never quoted, so lines can be filtered by their first fields.
  const keep = (file: string, idAt: number) => {
    const lines = readFileSync(join(newDir, `${file}.csv`), 'utf8').split(/\r?\n/);
    const kept = lines.filter(
      (line, i) => i === 0 || (line !== '' && !dropped.has(line.split(',')[idAt] ?? '')),
    );
    writeFileSync(join(baseDir, `${file}.csv`), `${kept.join('\n')}\n`);
  };
  const header = (file: string) =>
    readFileSync(join(newDir, `${file}.csv`), 'utf8')
      .split(/\r?\n/)[0]
      ?.split(',') ?? [];
  keep('raw_orders', header('raw_orders').indexOf('id'));
  keep('raw_items', header('raw_items').indexOf('order_id'));
}

/** A copy of the SQL project whose margin counts perishable supplies only (the code change). */
export function perishableMarginProject(projectDir: string, into: string): string {
  cpSync(projectDir, into, { recursive: true });
  const file = join(into, 'intermediate', 'int_product_supply_costs.sql');
  const sql = readFileSync(file, 'utf8');
  const changed = sql.replace(
    'sum(supply_cost) as supply_cost,',
    'sum(case when is_perishable then supply_cost else 0 end) as supply_cost,',
  );
  if (changed === sql) throw new Error(`${file} no longer has the line the margin change edits`);
  writeFileSync(file, changed);
  return into;
}

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
