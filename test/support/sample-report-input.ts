import type { ReportInput, ReportLoad, ReportTest } from '../../src/report';

const stores = [
  { store: 'Philadelphia', opened: 0, size: 1.35, taxRate: 0.06 },
  { store: 'Brooklyn', opened: 2, size: 1.2, taxRate: 0.04 },
  { store: 'Chicago', opened: 5, size: 1.0, taxRate: 0.0625 },
  { store: 'San Francisco', opened: 9, size: 0.95, taxRate: 0.075 },
  { store: 'New Orleans', opened: 14, size: 0.7, taxRate: 0.04 },
  { store: 'Los Angeles', opened: 20, size: 0.55, taxRate: 0.08 },
];

const products = [
  {
    product_id: 'JAF-001',
    product_name: 'nutellaphone who dis?',
    product_type: 'jaffle',
    price: 11,
    cost: 4.1,
    units: 9200,
  },
  {
    product_id: 'JAF-002',
    product_name: 'doctor stew',
    product_type: 'jaffle',
    price: 11,
    cost: 5.3,
    units: 8700,
  },
  {
    product_id: 'JAF-003',
    product_name: 'the krautback',
    product_type: 'jaffle',
    price: 12,
    cost: 4.6,
    units: 7100,
  },
  {
    product_id: 'JAF-004',
    product_name: 'flame impala',
    product_type: 'jaffle',
    price: 14,
    cost: 6.9,
    units: 6400,
  },
  {
    product_id: 'JAF-005',
    product_name: 'mel-bun',
    product_type: 'jaffle',
    price: 12,
    cost: 3.8,
    units: 5200,
  },
  {
    product_id: 'BEV-001',
    product_name: 'tangaroo',
    product_type: 'beverage',
    price: 6,
    cost: 1.2,
    units: 9800,
  },
  {
    product_id: 'BEV-002',
    product_name: 'chai and mighty',
    product_type: 'beverage',
    price: 5,
    cost: 0.9,
    units: 8900,
  },
  {
    product_id: 'BEV-003',
    product_name: 'vanilla ice',
    product_type: 'beverage',
    price: 6,
    cost: 1.8,
    units: 6100,
  },
  {
    product_id: 'BEV-004',
    product_name: 'for richer or pourover',
    product_type: 'beverage',
    price: 7,
    cost: 1.4,
    units: 7600,
  },
  {
    product_id: 'BEV-005',
    product_name: 'adele-ade',
    product_type: 'beverage',
    price: 4,
    cost: 0.6,
    units: 4300,
  },
];

const months = Array.from(
  { length: 24 },
  (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);

/** Monthly orders per store: a seasonal sine around a ramp from each store's opening month. */
function revenueByStoreMonth() {
  return stores.flatMap((store) =>
    months.slice(store.opened).map((month, age) => {
      const season = 1 + 0.18 * Math.sin(((Number(month.slice(5)) - 3) / 12) * 2 * Math.PI);
      const orders = Math.round(store.size * season * (420 + 38 * Math.min(age, 10)));
      const revenue = round2(orders * (15.2 + (store.size - 1) * 2));
      const tax = round2(revenue * store.taxRate);
      return { store: store.store, month, orders, revenue, tax, gross_revenue: round2(revenue + tax) };
    }),
  );
}

type MonthRow = ReturnType<typeof revenueByStoreMonth>[number];

function storePerformance(monthRows: readonly MonthRow[]) {
  return stores
    .map((store) => {
      const rows = monthRows.filter((row) => row.store === store.store);
      const orders = rows.reduce((sum, row) => sum + row.orders, 0);
      const revenue = round2(rows.reduce((sum, row) => sum + row.revenue, 0));
      return {
        store: store.store,
        orders,
        revenue,
        avg_order_value: round2(revenue / orders),
        tax_rate: store.taxRate,
        effective_tax_rate: round4(rows.reduce((sum, row) => sum + row.tax, 0) / revenue),
      };
    })
    .sort((a, b) => b.revenue - a.revenue);
}

function productPerformance() {
  return products
    .map(({ price, cost, units, ...product }) => ({
      ...product,
      units_sold: units,
      revenue: round2(units * price),
      supply_cost: round2(units * cost),
      gross_margin: round2(units * (price - cost)),
    }))
    .sort((a, b) => b.revenue - a.revenue);
}

/** The KPI object, typed, so tests can derive their expected values from its rows. */
export function sampleKpis() {
  const monthRows = revenueByStoreMonth();
  const storeRows = storePerformance(monthRows);
  const productRows = productPerformance();
  const revenueOf = (type: string) =>
    round2(
      sumBy(
        productRows.filter((p) => p.product_type === type),
        'revenue',
      ),
    );
  const food = revenueOf('jaffle');
  const drink = revenueOf('beverage');
  const supply = sumBy(productRows, 'supply_cost');
  const perishable = round2(supply * 0.62);
  const orders = sumBy(storeRows, 'orders');
  const revenue = sumBy(storeRows, 'revenue');
  return {
    revenue_by_store_month: monthRows,
    store_performance: storeRows,
    product_performance: productRows,
    customer_summary: {
      customers: 5120,
      repeat_customers: 3302,
      repeat_rate: round4(3302 / 5120),
      avg_lifetime_spend: round2((revenue * 1.06) / 5120),
      avg_order_value: round2(revenue / orders),
    },
    supply_cost: {
      perishable_supply_cost: perishable,
      non_perishable_supply_cost: round2(supply - perishable),
      perishable_share: round4(perishable / supply),
    },
    food_drink_mix: { food_revenue: food, drink_revenue: drink, food_share: round4(food / (food + drink)) },
  };
}

export type SampleKpis = ReturnType<typeof sampleKpis>;

const sampleTests: ReportTest[] = [
  { name: 'unique_stg_orders_order_id', status: 'pass' },
  { name: 'not_null_stg_orders_customer_id', status: 'pass' },
  { name: 'relationships_stg_orders_store_id__store_id__ref_stg_stores_', status: 'pass' },
  { name: 'accepted_values_stg_products_product_type__jaffle__beverage', status: 'pass' },
  {
    name: 'assert_order_total_equals_subtotal_plus_tax',
    status: 'warn',
    failures: 3,
    severity: 'warn',
    sample: { order_id: 'o-1042', subtotal: '11.00', tax_paid: '0.65', order_total: '11.66' },
  },
  { name: 'assert_no_orders_before_store_opened', status: 'fail', failures: 12 },
  { name: 'unique_dim_customers_customer_id', status: 'pass' },
];

function sampleLoads(kpis: SampleKpis): ReportLoad[] {
  return [
    { table: 'raw.raw_customers', rows: kpis.customer_summary.customers, seconds: 0.05, status: 'success' },
    {
      table: 'raw.raw_orders',
      rows: sumBy(kpis.store_performance, 'orders'),
      seconds: 0.61,
      status: 'success',
    },
    {
      table: 'raw.raw_items',
      rows: sumBy(kpis.product_performance, 'units_sold'),
      seconds: 0.83,
      status: 'success',
    },
    { table: 'raw.raw_products', rows: products.length, seconds: 0.01, status: 'success' },
    { table: 'raw.raw_stores', rows: stores.length, seconds: 0.01, status: 'success' },
    { table: 'raw.raw_supplies', rows: 65, seconds: 0.01, status: 'success' },
  ];
}

/**
 * A small, deterministic report input shaped like target/kpis.json (6 stores over 24 months,
 * 10 products), the fixture of the report tests. Each call returns fresh objects (tests mutate them).
 */
export function sampleReportInput(): ReportInput & { kpis: SampleKpis } {
  const kpis = sampleKpis();
  return {
    title: 'Jaffle Shop — retail KPIs',
    generatedAt: '2025-01-06T08:30:00.000Z',
    kpis,
    tests: sampleTests.map((test) => ({ ...test })),
    loads: sampleLoads(kpis),
  };
}

function sumBy<T, K extends keyof T>(rows: readonly T[], field: K): number {
  return rows.reduce((sum, row) => sum + Number(row[field]), 0);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function round4(value: number): number {
  return Math.round(value * 10000) / 10000;
}
