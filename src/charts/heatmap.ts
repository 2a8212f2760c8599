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

/** Options of heatmap. */
export type HeatmapOptions = ChartOptions & {
  /** Column field ('YYYY-MM' months get one column per month, labelled 'Jan 17'). */
  x: string;
  /** Row field. */
  y: string;
  /** The measure that colors each cell. */
  value: string;
  /** How the measure is formatted (default 'number'). */
  format?: ValueFormat;
  /** A vega color scheme name (default the theme's sequential scheme). */
  scheme?: string;
};

/**
 * A grid of cells, one per (`x`, `y`) pair, colored by `value`, e.g. stores × months.
 *
 * @example
 * ```ts
 * heatmap(kpis.revenue_by_store_month, { x: 'month', y: 'store', value: 'revenue', format: 'money' })
 * ```
 */
export function heatmap(rows: readonly ChartRow[], options: HeatmapOptions): ChartSpec {
  const { x, y, value } = options;
  const data = chartRows(rows, [value]);
  const kind = fieldKind(data, x);
  const time = kind === 'month' || kind === 'date';
  const fmt = valueFormat(options.format);
  const encoding = {
    x: time
      ? timeEncoding(x, kind, 'ordinal')
      : { field: x, type: 'ordinal', title: humanize(x), sort: null },
    y: { field: y, type: 'nominal', title: humanize(y), sort: null },
    color: {
      field: value,
      type: 'quantitative',
      aggregate: 'sum',
      title: humanize(value),
      scale: { scheme: options.scheme ?? theme.heatmapScheme },
      legend: { format: fmt.axis, gradientLength: 160 },
    },
    tooltip: [
      tooltipField(y, 'nominal'),
      time ? timeTooltip(x, kind) : tooltipField(x, 'nominal'),
      { ...tooltipField(value, 'quantitative', fmt.tooltip), aggregate: 'sum' },
    ],
  };
  const size = { width: options.width ?? theme.width, height: options.height ?? { step: theme.step } };
  const title = `${humanize(value)} by ${humanize(y).toLowerCase()} and ${humanize(x).toLowerCase()}`;
  return baseSpec(data, options, title, { ...size, mark: { type: 'rect' }, encoding });
}
