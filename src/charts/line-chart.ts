import { baseSpec } from './base-spec';
import type { ChartOptions } from './chart-options';
import { chartRows } from './chart-rows';
import type { ChartRow, ChartSpec } from './chart-spec';
import { fieldKind } from './field-kind';
import { humanize } from './humanize';
import { theme } from './theme';
import { timeEncoding, timeTooltip } from './time-encoding';
import { tooltipField } from './tooltip-field';
import { type ValueFormat, valueFormat } from './value-format';

/** Options of lineChart. */
export type LineOptions = ChartOptions & {
  /** The x field: 'YYYY-MM' month strings, ISO dates or Date values (a time axis), or numbers. */
  x: string;
  /** The measure. */
  y: string;
  /** One line per value of this field. */
  color?: string;
  /** How the measure is formatted (default 'number'). */
  format?: ValueFormat;
  /** Draws a dot on every data point (default true; the dots carry the tooltips). */
  points?: boolean;
};

/**
 * A line of `y` over `x` (one line per `color`), with a dot and a tooltip per row.
 *
 * @example
 * ```ts
 * lineChart(kpis.revenue_by_store_month, { x: 'month', y: 'revenue', color: 'store', format: 'money' })
 * ```
 */
export function lineChart(rows: readonly ChartRow[], options: LineOptions): ChartSpec {
  const { x, y, color } = options;
  const data = chartRows(rows, [y]);
  const kind = fieldKind(data, x);
  const time = kind === 'month' || kind === 'date';
  const fmt = valueFormat(options.format);
  const xEncoding = time
    ? timeEncoding(x, kind, 'temporal')
    : { field: x, type: kind === 'number' ? 'quantitative' : 'ordinal', title: humanize(x), sort: null };
  const encoding = {
    x: xEncoding,
    y: { field: y, type: 'quantitative', title: humanize(y), axis: { format: fmt.axis } },
    ...(color === undefined ? {} : { color: { field: color, type: 'nominal', title: humanize(color) } }),
    tooltip: [
      ...(color === undefined ? [] : [tooltipField(color, 'nominal')]),
      time ? timeTooltip(x, kind) : tooltipField(x, 'nominal'),
      tooltipField(y, 'quantitative', fmt.tooltip),
    ],
  };
  const mark = { type: 'line', interpolate: 'monotone', point: options.points ?? true };
  const size = { width: options.width ?? theme.width, height: options.height ?? theme.height };
  return baseSpec(data, options, `${humanize(y)} by ${humanize(x).toLowerCase()}`, {
    ...size,
    mark,
    encoding,
  });
}
