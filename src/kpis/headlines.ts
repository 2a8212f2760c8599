import type { KpiResults } from './compute-kpis';
import type { KpiRow } from './kpi-values';

const money = (value: unknown) =>
  `$${Number(value ?? 0).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const percent = (value: unknown) => `${(Number(value ?? 0) * 100).toFixed(1)}%`;

/** The few sentences a run ends with, computed from kpis.json (a missing KPI is left out). */
export function kpiHeadlines({ kpis }: KpiResults): string[] {
  const rows = (name: string) => (Array.isArray(kpis[name]) ? (kpis[name] as KpiRow[]) : []);
  const one = (name: string) =>
    kpis[name] && !Array.isArray(kpis[name]) ? (kpis[name] as KpiRow) : undefined;
  const lines: string[] = [];

  const stores = rows('store_performance');
  const [lead] = stores;
  if (lead) {
    const revenue = stores.reduce((sum, row) => sum + Number(row.revenue), 0);
    const orders = stores.reduce((sum, row) => sum + Number(row.orders), 0);
    lines.push(
      `Revenue ${money(revenue)} from ${orders.toLocaleString('en-US')} orders in ${stores.length} stores`,
    );
    lines.push(
      `Leading store: ${lead.store} (${money(lead.revenue)}, ${percent(Number(lead.revenue) / revenue)} of revenue)`,
    );
  }
  const months = rows('revenue_by_store_month');
  const byMonth = new Map<string, number>();
  for (const row of months)
    byMonth.set(String(row.month), (byMonth.get(String(row.month)) ?? 0) + Number(row.revenue));
  const [bestMonth] = [...byMonth].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (bestMonth) lines.push(`Best month: ${bestMonth[0]} (${money(bestMonth[1])})`);
  const products = rows('product_performance');
  const [best] = [...products].sort((a, b) => Number(b.gross_margin) - Number(a.gross_margin));
  if (best) {
    lines.push(`Highest gross margin: ${best.product_name} (${money(best.gross_margin)})`);
  }
  const customers = one('customer_summary');
  if (customers) {
    lines.push(
      `Repeat customers: ${percent(customers.repeat_rate)} of ${Number(customers.customers).toLocaleString('en-US')}; ` +
        `average order ${money(customers.avg_order_value)}`,
    );
  }
  const supply = one('supply_cost');
  if (supply) lines.push(`Perishable share of supply cost: ${percent(supply.perishable_share)}`);
  const mix = one('food_drink_mix');
  if (mix) lines.push(`Food share of item revenue: ${percent(mix.food_share)}`);
  return lines;
}
