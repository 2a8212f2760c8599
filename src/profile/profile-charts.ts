import { barChart } from '../charts/bar-chart';
import type { ChartSpec } from '../charts/chart-spec';
import { lineChart } from '../charts/line-chart';
import type { ProfileChartData } from './profile';

export type ProfileChart = { id: string; title: string; spec: ChartSpec };

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const WIDTH = 640;
const HEIGHT = 220;
const COLOR = '#2e5eaa';
/** Counts of orders: whole-number ticks even when the counts are small. */
const ORDERS_AXIS = { field: 'orders', type: 'quantitative', title: 'Orders', axis: { tickMinStep: 1 } };
const CONFIG = {
  font: 'Helvetica, Arial, "DejaVu Sans", sans-serif',
  view: { stroke: null },
  axis: { labelColor: '#52606d', titleColor: '#1f2933', gridColor: '#e4e7eb', labelFontSize: 11 },
};

/**
 * The report's charts as vega-lite specs (the histogram is written here, since its bars are
 * already-binned ranges; the others come from the chart factories) over the profile's chart data (inline values): the
 * distribution of order totals in dollars, orders per day, and items per order. A chart whose
 * data is missing or empty is left out.
 */
export function profileCharts(data: ProfileChartData): ProfileChart[] {
  const charts: ProfileChart[] = [];
  const base = { $schema: SCHEMA, width: WIDTH, height: HEIGHT, config: CONFIG };
  if (data.orderValues?.length) {
    charts.push({
      id: 'order_values',
      title: 'Distribution of order values',
      spec: {
        ...base,
        data: { values: data.orderValues },
        mark: { type: 'bar', color: COLOR },
        encoding: {
          x: { field: 'binStart', type: 'quantitative', bin: 'binned', title: 'Order total ($)' },
          x2: { field: 'binEnd' },
          y: ORDERS_AXIS,
        },
      },
    });
  }
  if (data.ordersPerDay?.length) {
    const title = 'Orders per day';
    // A dot per day would bury the line under thousands of marks on a multi-year dataset.
    const spec = lineChart(data.ordersPerDay, { x: 'day', y: 'orders', title, points: false, width: WIDTH });
    charts.push({ id: 'orders_per_day', title, spec });
  }
  if (data.itemsPerOrder?.length) {
    const title = 'Items per order';
    const spec = barChart(data.itemsPerOrder, {
      x: 'items',
      y: 'orders',
      title,
      width: WIDTH,
      height: HEIGHT,
    });
    charts.push({ id: 'items_per_order', title, spec });
  }
  return charts;
}
