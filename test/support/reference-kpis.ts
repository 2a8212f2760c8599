import { join } from 'node:path';
import { readCsv } from './read-csv';

/**
 * The six KPIs computed straight from a dataset's CSV files in exact integer arithmetic (cents),
 * independently of the SQL models, to check target/kpis.json against.
 */
export function referenceKpis(dataDir: string): Record<string, unknown> {
  const read = (name: string) => readCsv(join(dataDir, `${name}.csv`));
  const stores = new Map(read('raw_stores').map((s) => [s.id, s]));
  const products = new Map(read('raw_products').map((p) => [p.sku, p]));
  const supplies = read('raw_supplies');
  const orders = read('raw_orders');
  const items = read('raw_items');

  const supplyCost = (sku: string, perishable?: boolean) =>
    supplies
      .filter((s) => s.sku === sku && (perishable === undefined || (s.perishable === 'True') === perishable))
      .reduce((sum, s) => sum + Number(s.cost), 0);

  // revenue_by_store_month and store_performance
  const byStoreMonth = new Map<
    string,
    { store: string; month: string; orders: number; sub: number; tax: number; total: number }
  >();
  const byStore = new Map<
    string,
    { store: string; rate: number; orders: number; sub: number; tax: number }
  >();
  for (const order of orders) {
    const store = stores.get(order.store_id);
    if (!store) throw new Error(`order ${order.id} has unknown store ${order.store_id}`);
    const month = order.ordered_at.slice(0, 7);
    const key = `${store.name}\u0000${month}`;
    const cell = byStoreMonth.get(key) ?? { store: store.name, month, orders: 0, sub: 0, tax: 0, total: 0 };
    cell.orders++;
    cell.sub += Number(order.subtotal);
    cell.tax += Number(order.tax_paid);
    cell.total += Number(order.order_total);
    byStoreMonth.set(key, cell);
    const totals = byStore.get(store.id) ?? {
      store: store.name,
      rate: Number(store.tax_rate),
      orders: 0,
      sub: 0,
      tax: 0,
    };
    totals.orders++;
    totals.sub += Number(order.subtotal);
    totals.tax += Number(order.tax_paid);
    byStore.set(store.id, totals);
  }
  const revenueByStoreMonth = [...byStoreMonth.values()]
    .sort((a, b) => compare(a.store, b.store) || compare(a.month, b.month))
    .map((c) => ({
      store: c.store,
      month: c.month,
      orders: c.orders,
      revenue: dollars(c.sub),
      tax: dollars(c.tax),
      gross_revenue: dollars(c.total),
    }));
  const storePerformance = [...byStore.values()]
    .sort((a, b) => b.sub - a.sub || compare(a.store, b.store))
    .map((s) => ({
      store: s.store,
      orders: s.orders,
      revenue: dollars(s.sub),
      avg_order_value: ratio(s.sub, s.orders * 100, 2),
      tax_rate: Math.round(s.rate * 10000) / 10000,
      effective_tax_rate: ratio(s.tax, s.sub, 4),
    }));

  // product_performance, supply_cost, food_drink_mix
  const units = new Map<string, number>();
  let perishable = 0;
  let nonPerishable = 0;
  let food = 0;
  let drink = 0;
  for (const item of items) {
    const product = products.get(item.sku);
    if (!product) throw new Error(`item ${item.id} has unknown sku ${item.sku}`);
    units.set(item.sku, (units.get(item.sku) ?? 0) + 1);
    perishable += supplyCost(item.sku, true);
    nonPerishable += supplyCost(item.sku, false);
    if (product.type === 'jaffle') food += Number(product.price);
    if (product.type === 'beverage') drink += Number(product.price);
  }
  const productPerformance = [...units]
    .map(([sku, sold]) => {
      const product = products.get(sku) as Record<string, string>;
      const revenue = sold * Number(product.price);
      const cost = sold * supplyCost(sku);
      return { sku, product, sold, revenue, cost };
    })
    .sort((a, b) => b.revenue - a.revenue || compare(a.sku, b.sku))
    .map((p) => ({
      product_id: p.sku,
      product_name: p.product.name,
      product_type: p.product.type,
      units_sold: p.sold,
      revenue: dollars(p.revenue),
      supply_cost: dollars(p.cost),
      gross_margin: dollars(p.revenue - p.cost),
    }));

  // customer_summary
  const ordersPerCustomer = new Map<string, number>();
  for (const order of orders)
    ordersPerCustomer.set(order.customer, (ordersPerCustomer.get(order.customer) ?? 0) + 1);
  const customers = ordersPerCustomer.size;
  const repeat = [...ordersPerCustomer.values()].filter((n) => n > 1).length;
  const totalSpend = orders.reduce((sum, o) => sum + Number(o.order_total), 0);
  const totalSubtotal = orders.reduce((sum, o) => sum + Number(o.subtotal), 0);

  return {
    revenue_by_store_month: revenueByStoreMonth,
    store_performance: storePerformance,
    product_performance: productPerformance,
    customer_summary: {
      customers,
      repeat_customers: repeat,
      repeat_rate: ratio(repeat, customers, 4),
      avg_lifetime_spend: ratio(totalSpend, customers * 100, 2),
      avg_order_value: ratio(totalSubtotal, orders.length * 100, 2),
    },
    supply_cost: {
      perishable_supply_cost: dollars(perishable),
      non_perishable_supply_cost: dollars(nonPerishable),
      perishable_share: ratio(perishable, perishable + nonPerishable, 4),
    },
    food_drink_mix: {
      food_revenue: dollars(food),
      drink_revenue: dollars(drink),
      food_share: ratio(food, food + drink, 4),
    },
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const dollars = (cents: number) => cents / 100;

/** numerator / denominator rounded half up to `decimals`, exactly (non-negative integers). */
function ratio(numerator: number, denominator: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.floor((2 * numerator * scale + denominator) / (2 * denominator)) / scale;
}
