import { barChart, type ChartSpec, groupedBarChart, heatmap, lineChart, renderSvg } from '../charts';
import { formatValue } from './format-value';
import type { KpiData } from './read-kpis';

/** One chart of the report, rendered to inline SVG. */
export type ReportChart = {
  /** Stable id (the figure's `data-chart` attribute). */
  id: string;
  /** Spans the whole page width (otherwise half). */
  wide: boolean;
  svg: string;
};

type ChartPlan = { id: string; wide: boolean; spec: ChartSpec };

/** Plot widths that fit a full-width and a half-width figure of the page. */
const wideWidth = 820;
const halfWidth = 300;

/** The report's charts for the KPIs that are present, each rendered server-side to SVG. */
export async function reportCharts(data: KpiData): Promise<ReportChart[]> {
  const plans = chartPlans(data);
  return Promise.all(
    plans.map(async (plan) => ({ id: plan.id, wide: plan.wide, svg: await renderSvg(plan.spec) })),
  );
}

/** In the report's order; a chart whose KPI is absent is left out. */
function chartPlans(data: KpiData): ChartPlan[] {
  return [
    ...revenueByMonthCharts(data),
    ...storeCharts(data),
    ...productMarginCharts(data),
    ...shareCharts(data),
  ];
}

function revenueByMonthCharts(data: KpiData): ChartPlan[] {
  const months = data.revenueByStoreMonth;
  if (months.length === 0) return [];
  const heatmapSpec = heatmap(months, {
    x: 'month',
    y: 'store',
    value: 'revenue',
    format: 'money',
    title: 'Revenue by store and month',
    subtitle: 'Darker cells earned more; blank cells are months before a store opened.',
    width: wideWidth,
  });
  const trendSpec = lineChart(months, {
    x: 'month',
    y: 'revenue',
    color: 'store',
    format: 'money',
    title: 'Monthly revenue by store',
    points: months.length <= 120,
    width: wideWidth,
    height: 260,
  });
  return [
    { id: 'revenue_heatmap', wide: true, spec: heatmapSpec },
    { id: 'revenue_trend', wide: true, spec: trendSpec },
  ];
}

/** A half-width horizontal bar chart in money with value labels: the report's small charts. */
function moneyBars(
  id: string,
  rows: Record<string, unknown>[],
  options: { x: string; y: string; title: string; subtitle: string; sort?: 'descending' },
): ChartPlan {
  const spec = barChart(rows, {
    ...options,
    format: 'money',
    horizontal: true,
    labels: true,
    width: halfWidth,
  });
  return { id, wide: false, spec };
}

function storeCharts(data: KpiData): ChartPlan[] {
  const stores = data.storePerformance;
  if (stores.length === 0) return [];
  return [
    moneyBars('store_performance', stores, {
      x: 'store',
      y: 'revenue',
      sort: 'descending',
      title: 'Revenue by store',
      subtitle: 'Whole period, before tax',
    }),
    moneyBars('store_order_value', stores, {
      x: 'store',
      y: 'avg_order_value',
      sort: 'descending',
      title: 'Average order value by store',
      subtitle: 'Subtotal per order, before tax',
    }),
  ];
}

function productMarginCharts(data: KpiData): ChartPlan[] {
  if (data.productPerformance.length === 0) return [];
  const rows = data.productPerformance.flatMap((row) => [
    { product: row.product_name ?? row.product_id, measure: 'Revenue', amount: row.revenue },
    { product: row.product_name ?? row.product_id, measure: 'Gross margin', amount: row.gross_margin },
  ]);
  const spec = groupedBarChart(rows, {
    x: 'product',
    y: 'amount',
    color: 'measure',
    format: 'money',
    horizontal: true,
    labels: true,
    title: 'Product revenue and gross margin',
    subtitle: 'Gross margin = revenue − supply cost',
    width: wideWidth - 120,
  });
  return [{ id: 'product_margin', wide: true, spec }];
}

/** Food vs drink revenue and perishable vs non-perishable supply cost: two bars each. */
function shareCharts(data: KpiData): ChartPlan[] {
  const plans: ChartPlan[] = [];
  const mix = data.foodDrinkMix;
  if (mix) {
    const rows = [
      { category: 'Food', revenue: mix.food_revenue },
      { category: 'Drinks', revenue: mix.drink_revenue },
    ];
    plans.push(
      moneyBars('food_drink', rows, {
        x: 'category',
        y: 'revenue',
        title: 'Food vs drink revenue',
        subtitle: `Food is ${formatValue(mix.food_share, 'percent')} of item revenue`,
      }),
    );
  }
  const supply = data.supplyCost;
  if (supply) {
    const rows = [
      { supplies: 'Perishable', supply_cost: supply.perishable_supply_cost },
      { supplies: 'Non-perishable', supply_cost: supply.non_perishable_supply_cost },
    ];
    plans.push(
      moneyBars('supply_cost', rows, {
        x: 'supplies',
        y: 'supply_cost',
        title: 'Perishable vs non-perishable supply cost',
        subtitle: `Perishables are ${formatValue(supply.perishable_share, 'percent')} of supply cost`,
      }),
    );
  }
  return plans;
}
