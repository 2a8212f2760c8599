import type { KpiResults } from './compute-kpis';
import type { KpiRow } from './kpi-values';

/** The findings of 04-kpi-analysis, computed from kpis.json (never typed in by hand). */
export interface KpiInsights {
  leadingStore?: { store: string; revenue: number; share: number; avgOrderValue: number };
  leadingMonth?: { month: string; revenue: number; store: string; storeRevenue: number };
  /** Products by gross margin rate (margin / revenue), best first. */
  productMargins: { product: string; type: string; revenue: number; margin: number; marginRate: number }[];
  repeat?: { customers: number; repeatCustomers: number; rate: number; avgLifetimeSpend: number };
  perishable?: { cost: number; total: number; share: number };
  foodDrink?: { food: number; drink: number; foodShare: number };
  /** The same, as sentences for the notebook and the report. */
  sentences: string[];
}

const num = (value: unknown) => Number(value ?? 0);
const money = (value: number) =>
  `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

export function kpiInsights({ kpis }: KpiResults): KpiInsights {
  const rows = (name: string) => (Array.isArray(kpis[name]) ? (kpis[name] as KpiRow[]) : []);
  const one = (name: string) =>
    kpis[name] && !Array.isArray(kpis[name]) ? (kpis[name] as KpiRow) : undefined;
  const insights: KpiInsights = { productMargins: [], sentences: [] };

  const stores = rows('store_performance');
  const totalRevenue = stores.reduce((sum, row) => sum + num(row.revenue), 0);
  if (stores.length > 0 && totalRevenue > 0) {
    const lead = stores.reduce((best, row) => (num(row.revenue) > num(best.revenue) ? row : best));
    insights.leadingStore = {
      store: String(lead.store),
      revenue: num(lead.revenue),
      share: num(lead.revenue) / totalRevenue,
      avgOrderValue: num(lead.avg_order_value),
    };
    insights.sentences.push(
      `${lead.store} leads with ${money(num(lead.revenue))} of revenue, ${pct(insights.leadingStore.share)} of the chain's ` +
        `${money(totalRevenue)} across ${stores.length} stores (average order ${money(num(lead.avg_order_value))}).`,
    );
  }

  const months = rows('revenue_by_store_month');
  if (months.length > 0) {
    const byMonth = new Map<string, number>();
    for (const row of months)
      byMonth.set(String(row.month), (byMonth.get(String(row.month)) ?? 0) + num(row.revenue));
    const [month, revenue] = [...byMonth].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
    const top = months
      .filter((row) => String(row.month) === month)
      .reduce((best, row) => (num(row.revenue) > num(best.revenue) ? row : best));
    insights.leadingMonth = { month, revenue, store: String(top.store), storeRevenue: num(top.revenue) };
    insights.sentences.push(
      `The best month is ${month} with ${money(revenue)}; ${top.store} contributed the most that month (${money(num(top.revenue))}).`,
    );
  }

  insights.productMargins = rows('product_performance')
    .map((row) => ({
      product: String(row.product_name),
      type: String(row.product_type),
      revenue: num(row.revenue),
      margin: num(row.gross_margin),
      marginRate: num(row.revenue) > 0 ? num(row.gross_margin) / num(row.revenue) : 0,
    }))
    .sort((a, b) => b.marginRate - a.marginRate);
  const best = insights.productMargins[0];
  const worst = insights.productMargins.at(-1);
  if (best && worst) {
    insights.sentences.push(
      `${best.product} keeps the highest share of its price after supplies (${pct(best.marginRate)} margin); ` +
        `${worst.product} the lowest (${pct(worst.marginRate)}).`,
    );
  }

  const customers = one('customer_summary');
  if (customers) {
    insights.repeat = {
      customers: num(customers.customers),
      repeatCustomers: num(customers.repeat_customers),
      rate: num(customers.repeat_rate),
      avgLifetimeSpend: num(customers.avg_lifetime_spend),
    };
    insights.sentences.push(
      `${pct(insights.repeat.rate)} of the ${insights.repeat.customers.toLocaleString('en-US')} customers came back ` +
        `at least once; a customer spends ${money(insights.repeat.avgLifetimeSpend)} on average over the period.`,
    );
  }

  const supply = one('supply_cost');
  if (supply) {
    const cost = num(supply.perishable_supply_cost);
    const total = cost + num(supply.non_perishable_supply_cost);
    insights.perishable = { cost, total, share: num(supply.perishable_share) };
    insights.sentences.push(
      `Perishable supplies are ${pct(insights.perishable.share)} of the ${money(total)} supply cost of the items sold ` +
        `(${money(cost)}): the cost to watch for waste.`,
    );
  }

  const mix = one('food_drink_mix');
  if (mix) {
    insights.foodDrink = {
      food: num(mix.food_revenue),
      drink: num(mix.drink_revenue),
      foodShare: num(mix.food_share),
    };
    insights.sentences.push(
      `Food brings ${pct(insights.foodDrink.foodShare)} of item revenue (${money(insights.foodDrink.food)}) and drinks ` +
        `${pct(1 - insights.foodDrink.foodShare)} (${money(insights.foodDrink.drink)}).`,
    );
  }
  return insights;
}
