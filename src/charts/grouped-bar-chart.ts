import { type BarOptions, barSpec } from './bar-spec';
import type { ChartRow, ChartSpec } from './chart-spec';

/** Options of groupedBarChart: `color` is required (one bar per color inside each category). */
export type GroupedBarOptions = BarOptions & { color: string };

/**
 * Bars side by side: one group per category of `x`, one bar per value of `color`.
 *
 * @example
 * ```ts
 * groupedBarChart(rows, { x: 'store', y: 'revenue', color: 'product_type', format: 'money' })
 * ```
 */
export function groupedBarChart(rows: readonly ChartRow[], options: GroupedBarOptions): ChartSpec {
  return barSpec(rows, options, 'grouped');
}
