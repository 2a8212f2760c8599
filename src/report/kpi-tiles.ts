import { formatValue, toNumber } from './format-value';
import { type KpiData, sumOf } from './read-kpis';

/** One headline number of the report. */
export type KpiTile = {
  /** Stable id (the tile's `data-kpi` attribute). */
  id: string;
  label: string;
  /** The formatted value ('—' when unavailable). */
  value: string;
  /** A line of context under the value. */
  detail: string;
};

/** The six headline tiles: revenue, orders, average order value, repeat rate, perishable share, food share. */
export function kpiTiles(data: KpiData): KpiTile[] {
  const stores = data.storePerformance;
  const revenue = sumOf(stores, 'revenue') ?? sumOf(data.revenueByStoreMonth, 'revenue');
  const orders = sumOf(stores, 'orders') ?? sumOf(data.revenueByStoreMonth, 'orders');
  const storeCount = new Set([...stores, ...data.revenueByStoreMonth].map((row) => row.store)).size;
  const customers = data.customerSummary ?? {};
  const supply = data.supplyCost ?? {};
  const mix = data.foodDrinkMix ?? {};
  const supplyTotal = add(supply.perishable_supply_cost, supply.non_perishable_supply_cost);
  return [
    {
      id: 'total_revenue',
      label: 'Total revenue',
      value: formatValue(revenue, revenue !== undefined && revenue >= 1e6 ? 'compact-money' : 'dollars'),
      detail:
        revenue === undefined
          ? 'not in the KPI file'
          : `${formatValue(revenue, 'money')} ${storeCount > 0 ? `across ${plural(storeCount, 'store')}, ` : ''}before tax`,
    },
    {
      id: 'orders',
      label: 'Orders',
      value: formatValue(orders, 'integer'),
      detail:
        customers.customers === undefined
          ? ''
          : `from ${formatValue(customers.customers, 'integer')} customers`,
    },
    {
      id: 'avg_order_value',
      label: 'Avg order value',
      value: formatValue(customers.avg_order_value ?? ratio(revenue, orders), 'money'),
      detail:
        customers.avg_lifetime_spend === undefined
          ? 'subtotal per order'
          : `${formatValue(customers.avg_lifetime_spend, 'money')} avg lifetime spend per customer`,
    },
    {
      id: 'repeat_rate',
      label: 'Repeat rate',
      value: formatValue(customers.repeat_rate, 'percent'),
      detail:
        customers.repeat_customers === undefined
          ? 'customers with more than one order'
          : `${formatValue(customers.repeat_customers, 'integer')} of ${formatValue(customers.customers, 'integer')} customers came back`,
    },
    {
      id: 'perishable_share',
      label: 'Perishable share of supply cost',
      value: formatValue(supply.perishable_share, 'percent'),
      detail:
        supplyTotal === undefined
          ? 'of supply cost'
          : `${formatValue(supply.perishable_supply_cost, 'dollars')} of ${formatValue(supplyTotal, 'dollars')}`,
    },
    {
      id: 'food_share',
      label: 'Food share of revenue',
      value: formatValue(mix.food_share, 'percent'),
      detail:
        mix.food_revenue === undefined
          ? 'food vs drinks'
          : `${formatValue(mix.food_revenue, 'dollars')} food, ${formatValue(mix.drink_revenue, 'dollars')} drinks`,
    },
  ];
}

function add(a: unknown, b: unknown): number | undefined {
  const x = toNumber(a);
  const y = toNumber(b);
  return x === undefined || y === undefined ? undefined : x + y;
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

function plural(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}
