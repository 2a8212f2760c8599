import { type BarOptions, barSpec } from './bar-spec';
import type { ChartRow, ChartSpec } from './chart-spec';

/**
 * A bar per category of `x`, its length the sum of `y`; with `color`, bars are colored (and
 * stacked) by that field.
 *
 * @example
 * ```ts
 * barChart(kpis.store_performance, { x: 'store', y: 'revenue', format: 'money', horizontal: true, sort: 'descending' })
 * ```
 */
export function barChart(rows: readonly ChartRow[], options: BarOptions): ChartSpec {
  return barSpec(rows, options, options.color === undefined ? 'single' : 'stacked');
}
