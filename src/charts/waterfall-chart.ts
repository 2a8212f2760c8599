import { baseSpec } from './base-spec';
import type { ChartOptions } from './chart-options';
import { chartRows } from './chart-rows';
import type { ChartRow, ChartSpec } from './chart-spec';
import { humanize } from './humanize';
import { theme } from './theme';
import { type ValueFormat, valueFormat } from './value-format';

/** Options of waterfallChart. */
export type WaterfallOptions = ChartOptions & {
  /** The step's name (x axis, in row order). */
  x: string;
  /** The first row's value is the starting total; each later row's value is a change. */
  y: string;
  /** The label of the closing total bar appended after the changes (default 'Now'). */
  total?: string;
  format?: ValueFormat;
};

const COLORS = { total: '#52606d', increase: '#2f9e6e', decrease: '#d64545' };

/**
 * A waterfall: a bar for the starting total, one floating bar per change (up green, down red)
 * starting where the previous one ended, and a bar for the closing total.
 *
 * @example
 * ```ts
 * waterfallChart(
 *   [{ step: 'Base', value: 207527.59 }, { step: 'Data effect', value: 26065.86 }, { step: 'Code effect', value: 6406.67 }],
 *   { x: 'step', y: 'value', format: 'money', total: 'Now' },
 * )
 * ```
 */
export function waterfallChart(rows: readonly ChartRow[], options: WaterfallOptions): ChartSpec {
  const { x, y } = options;
  const data = chartRows(rows, [y]);
  let level = 0;
  const bars = data.map((row, index) => {
    const value = Number(row[y] ?? 0);
    const start = index === 0 ? 0 : level;
    level = index === 0 ? value : level + value;
    const kind = index === 0 ? 'total' : value >= 0 ? 'increase' : 'decrease';
    return { ...row, [x]: row[x], start, end: level, amount: value, kind };
  });
  bars.push({ [x]: options.total ?? 'Now', start: 0, end: level, amount: level, kind: 'total' });
  const fmt = valueFormat(options.format);
  const encoding = {
    x: { field: x, type: 'nominal', title: null, sort: null, axis: { labelAngle: 0 } },
    y: { field: 'start', type: 'quantitative', title: humanize(y), axis: { format: fmt.axis } },
    y2: { field: 'end' },
    color: {
      field: 'kind',
      type: 'nominal',
      title: null,
      scale: { domain: Object.keys(COLORS), range: Object.values(COLORS) },
      legend: null,
    },
    tooltip: [
      { field: x, type: 'nominal', title: humanize(x) },
      { field: 'amount', type: 'quantitative', title: humanize(y), format: fmt.tooltip },
    ],
  };
  const size = { width: options.width ?? theme.width, height: options.height ?? 260 };
  return baseSpec(bars, options, `${humanize(y)}: from the start to now`, {
    ...size,
    mark: { type: 'bar' },
    encoding,
  });
}
