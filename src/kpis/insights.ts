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

/** A finding: its figures and the sentence that says them. */
type Finding<T> = { value: T; sentence: string };

export function kpiInsights({ kpis }: KpiResults): KpiInsights {
  const rows = (name: string) => (Array.isArray(kpis[name]) ? (kpis[name] as KpiRow[]) : []);
  const one = (name: string) =>
    kpis[name] && !Array.isArray(kpis[name]) ? (kpis[name] as KpiRow) : undefined;
  const insights: KpiInsights = { productMargins: [], sentences: [] };
  const record = <K extends keyof KpiInsights>(key: K, finding: Finding<KpiInsights[K]> | undefined) => {
    if (!finding) return;
    insights[key] = finding.value;
    insights.sentences.push(finding.sentence);
  };
  record('leadingStore', leadingStore(rows('store_performance')));
  record('leadingMonth', leadingMonth(rows('revenue_by_store_month')));
  insights.productMargins = productMargins(rows('product_performance'));
  const marginSentence = productMarginSentence(insights.productMargins);
  if (marginSentence) insights.sentences.push(marginSentence);
  record('repeat', repeatCustomers(one('customer_summary')));
  record('perishable', perishableCost(one('supply_cost')));
  record('foodDrink', foodDrinkMix(one('food_drink_mix')));
  return insights;
}

function leadingStore(stores: KpiRow[]): Finding<KpiInsights['leadingStore']> | undefined {
  const totalRevenue = stores.reduce((sum, row) => sum + num(row.revenue), 0);
  if (stores.length === 0 || totalRevenue <= 0) return undefined;
  const lead = stores.reduce((best, row) => (num(row.revenue) > num(best.revenue) ? row : best));
  const share = num(lead.revenue) / totalRevenue;
  return {
    value: {
      store: String(lead.store),
      revenue: num(lead.revenue),
      share,
      avgOrderValue: num(lead.avg_order_value),
    },
    sentence:
      `${lead.store} leads with ${money(num(lead.revenue))} of revenue, ${pct(share)} of the chain's ` +
      `${money(totalRevenue)} across ${stores.length} stores (average order ${money(num(lead.avg_order_value))}).`,
  };
}

function leadingMonth(months: KpiRow[]): Finding<KpiInsights['leadingMonth']> | undefined {
  if (months.length === 0) return undefined;
  const byMonth = new Map<string, number>();
  for (const row of months)
    byMonth.set(String(row.month), (byMonth.get(String(row.month)) ?? 0) + num(row.revenue));
  const [month, revenue] = [...byMonth].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  const top = months
    .filter((row) => String(row.month) === month)
    .reduce((best, row) => (num(row.revenue) > num(best.revenue) ? row : best));
  return {
    value: { month, revenue, store: String(top.store), storeRevenue: num(top.revenue) },
    sentence: `The best month is ${month} with ${money(revenue)}; ${top.store} contributed the most that month (${money(num(top.revenue))}).`,
  };
}

function productMargins(products: KpiRow[]): KpiInsights['productMargins'] {
  return products
    .map((row) => ({
      product: String(row.product_name),
      type: String(row.product_type),
      revenue: num(row.revenue),
      margin: num(row.gross_margin),
      marginRate: num(row.revenue) > 0 ? num(row.gross_margin) / num(row.revenue) : 0,
    }))
    .sort((a, b) => b.marginRate - a.marginRate);
}

/** Best and worst margin rate; `margins` sorted best first. */
function productMarginSentence(margins: KpiInsights['productMargins']): string | undefined {
  const best = margins[0];
  const worst = margins[margins.length - 1];
  if (!best || !worst) return undefined;
  return (
    `${best.product} keeps the highest share of its price after supplies (${pct(best.marginRate)} margin); ` +
    `${worst.product} the lowest (${pct(worst.marginRate)}).`
  );
}

function repeatCustomers(customers: KpiRow | undefined): Finding<KpiInsights['repeat']> | undefined {
  if (!customers) return undefined;
  const repeat = {
    customers: num(customers.customers),
    repeatCustomers: num(customers.repeat_customers),
    rate: num(customers.repeat_rate),
    avgLifetimeSpend: num(customers.avg_lifetime_spend),
  };
  return {
    value: repeat,
    sentence:
      `${pct(repeat.rate)} of the ${repeat.customers.toLocaleString('en-US')} customers came back ` +
      `at least once; a customer spends ${money(repeat.avgLifetimeSpend)} on average over the period.`,
  };
}

function perishableCost(supply: KpiRow | undefined): Finding<KpiInsights['perishable']> | undefined {
  if (!supply) return undefined;
  const cost = num(supply.perishable_supply_cost);
  const total = cost + num(supply.non_perishable_supply_cost);
  const share = num(supply.perishable_share);
  return {
    value: { cost, total, share },
    sentence:
      `Perishable supplies are ${pct(share)} of the ${money(total)} supply cost of the items sold ` +
      `(${money(cost)}): the cost to watch for waste.`,
  };
}

function foodDrinkMix(mix: KpiRow | undefined): Finding<KpiInsights['foodDrink']> | undefined {
  if (!mix) return undefined;
  const foodDrink = {
    food: num(mix.food_revenue),
    drink: num(mix.drink_revenue),
    foodShare: num(mix.food_share),
  };
  return {
    value: foodDrink,
    sentence:
      `Food brings ${pct(foodDrink.foodShare)} of item revenue (${money(foodDrink.food)}) and drinks ` +
      `${pct(1 - foodDrink.foodShare)} (${money(foodDrink.drink)}).`,
  };
}
