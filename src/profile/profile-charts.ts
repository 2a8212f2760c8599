import type { ProfileChartData } from './profile';
import type { VegaLiteSpec } from './render-svg';

export type ProfileChart = { id: string; title: string; spec: VegaLiteSpec };

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
 * The report's charts as vega-lite specs over the profile's chart data (inline values): the
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
    charts.push({
      id: 'orders_per_day',
      title: 'Orders per day',
      spec: {
        ...base,
        data: { values: data.ordersPerDay },
        mark: { type: 'line', color: COLOR, strokeWidth: 1 },
        encoding: {
          // Days are calendar dates: a UTC scale keeps them from shifting with the machine's time zone.
          x: { field: 'day', type: 'temporal', title: 'Day', scale: { type: 'utc' } },
          y: ORDERS_AXIS,
        },
      },
    });
  }
  if (data.itemsPerOrder?.length) {
    charts.push({
      id: 'items_per_order',
      title: 'Items per order',
      spec: {
        ...base,
        data: { values: data.itemsPerOrder },
        mark: { type: 'bar', color: COLOR },
        encoding: {
          x: { field: 'items', type: 'ordinal', title: 'Items in the order', axis: { labelAngle: 0 } },
          y: ORDERS_AXIS,
        },
      },
    });
  }
  return charts;
}
