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

function chartPlans(data: KpiData): ChartPlan[] {
  const plans: ChartPlan[] = [];
  const months = data.revenueByStoreMonth;
  if (months.length > 0) {
    plans.push({
      id: 'revenue_heatmap',
      wide: true,
      spec: heatmap(months, {
        x: 'month',
        y: 'store',
        value: 'revenue',
        format: 'money',
        title: 'Revenue by store and month',
        subtitle: 'Darker cells earned more; blank cells are months before a store opened.',
        width: wideWidth,
      }),
    });
    plans.push({
      id: 'revenue_trend',
      wide: true,
      spec: lineChart(months, {
        x: 'month',
        y: 'revenue',
        color: 'store',
        format: 'money',
        title: 'Monthly revenue by store',
        points: months.length <= 120,
        width: wideWidth,
        height: 260,
      }),
    });
  }
  if (data.storePerformance.length > 0) {
    plans.push({
      id: 'store_performance',
      wide: false,
      spec: barChart(data.storePerformance, {
        x: 'store',
        y: 'revenue',
        format: 'money',
        horizontal: true,
        sort: 'descending',
        labels: true,
        title: 'Revenue by store',
        subtitle: 'Whole period, before tax',
        width: halfWidth,
      }),
    });
    plans.push({
      id: 'store_order_value',
      wide: false,
      spec: barChart(data.storePerformance, {
        x: 'store',
        y: 'avg_order_value',
        format: 'money',
        horizontal: true,
        sort: 'descending',
        labels: true,
        title: 'Average order value by store',
        subtitle: 'Subtotal per order, before tax',
        width: halfWidth,
      }),
    });
  }
  if (data.productPerformance.length > 0) {
    plans.push({
      id: 'product_margin',
      wide: true,
      spec: groupedBarChart(
        data.productPerformance.flatMap((row) => [
          { product: row.product_name ?? row.product_id, measure: 'Revenue', amount: row.revenue },
          { product: row.product_name ?? row.product_id, measure: 'Gross margin', amount: row.gross_margin },
        ]),
        {
          x: 'product',
          y: 'amount',
          color: 'measure',
          format: 'money',
          horizontal: true,
          labels: true,
          title: 'Product revenue and gross margin',
          subtitle: 'Gross margin = revenue − supply cost',
          width: wideWidth - 120,
        },
      ),
    });
  }
  const mix = data.foodDrinkMix;
  if (mix) {
    plans.push({
      id: 'food_drink',
      wide: false,
      spec: barChart(
        [
          { category: 'Food', revenue: mix.food_revenue },
          { category: 'Drinks', revenue: mix.drink_revenue },
        ],
        {
          x: 'category',
          y: 'revenue',
          format: 'money',
          horizontal: true,
          labels: true,
          title: 'Food vs drink revenue',
          subtitle: `Food is ${formatValue(mix.food_share, 'percent')} of item revenue`,
          width: halfWidth,
        },
      ),
    });
  }
  const supply = data.supplyCost;
  if (supply) {
    plans.push({
      id: 'supply_cost',
      wide: false,
      spec: barChart(
        [
          { supplies: 'Perishable', supply_cost: supply.perishable_supply_cost },
          { supplies: 'Non-perishable', supply_cost: supply.non_perishable_supply_cost },
        ],
        {
          x: 'supplies',
          y: 'supply_cost',
          format: 'money',
          horizontal: true,
          labels: true,
          title: 'Perishable vs non-perishable supply cost',
          subtitle: `Perishables are ${formatValue(supply.perishable_share, 'percent')} of supply cost`,
          width: halfWidth,
        },
      ),
    });
  }
  return plans;
}
