import { type BarOptions, barSpec } from './bar-spec';
import type { ChartRow, ChartSpec } from './chart-spec';

/** Options of stackedBarChart: `color` is required; `normalize` stacks to 100 %. */
export type StackedBarOptions = BarOptions & { color: string; normalize?: boolean };

/**
 * Stacked bars: one bar per category of `x`, one segment per value of `color`. With `normalize`
 * every bar spans 100 % and the axis shows shares.
 *
 * @example
 * ```ts
 * stackedBarChart(rows, { x: 'store', y: 'revenue', color: 'product_type', format: 'money', normalize: true })
 * ```
 */
export function stackedBarChart(rows: readonly ChartRow[], options: StackedBarOptions): ChartSpec {
  return barSpec(rows, options, options.normalize ? 'normalized' : 'stacked');
}
