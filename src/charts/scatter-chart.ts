import { baseSpec } from './base-spec';
import type { ChartOptions } from './chart-options';
import { chartRows } from './chart-rows';
import type { ChartRow, ChartSpec } from './chart-spec';
import { humanize } from './humanize';
import { theme } from './theme';
import { tooltipField } from './tooltip-field';
import { type ValueFormat, valueFormat } from './value-format';

/** Options of scatterChart. */
export type ScatterOptions = ChartOptions & {
  /** The measure across. */
  x: string;
  /** The measure up. */
  y: string;
  /** Colors the dots by this (nominal) field. */
  color?: string;
  /** Sizes the dots by this measure. */
  size?: string;
  /** Writes this field next to each dot (and puts it first in the tooltip). */
  label?: string;
  /** Format of both measures (default 'number'); `xFormat`/`yFormat` override per axis. */
  format?: ValueFormat;
  xFormat?: ValueFormat;
  yFormat?: ValueFormat;
  /** Starts the axes at zero (default true). */
  zero?: boolean;
};

/**
 * A dot per row at (`x`, `y`), optionally colored, sized and labelled.
 *
 * @example
 * ```ts
 * scatterChart(kpis.product_performance, {
 *   x: 'revenue', y: 'gross_margin', color: 'product_type', label: 'product_name', format: 'money',
 * })
 * ```
 */
export function scatterChart(rows: readonly ChartRow[], options: ScatterOptions): ChartSpec {
  const { x, y, color, size, label } = options;
  const xFmt = valueFormat(options.xFormat ?? options.format);
  const yFmt = valueFormat(options.yFormat ?? options.format);
  const zero = options.zero ?? true;
  const encoding = {
    x: { field: x, type: 'quantitative', title: humanize(x), axis: { format: xFmt.axis }, scale: { zero } },
    y: { field: y, type: 'quantitative', title: humanize(y), axis: { format: yFmt.axis }, scale: { zero } },
    ...(color === undefined
      ? {}
      : { color: { field: color, type: 'nominal', title: humanize(color), legend: { orient: 'top' } } }),
    tooltip: [
      ...(label === undefined ? [] : [tooltipField(label, 'nominal')]),
      ...(color === undefined ? [] : [tooltipField(color, 'nominal')]),
      tooltipField(x, 'quantitative', xFmt.tooltip),
      tooltipField(y, 'quantitative', yFmt.tooltip),
      ...(size === undefined ? [] : [tooltipField(size, 'quantitative', ',')]),
    ],
  };
  const point = {
    mark: { type: 'point', filled: true, opacity: 0.85, ...(size === undefined ? { size: 90 } : {}) },
    ...(size === undefined
      ? {}
      : {
          encoding: {
            size: { field: size, type: 'quantitative', title: humanize(size), legend: { orient: 'top' } },
          },
        }),
  };
  const text = {
    mark: { type: 'text', align: 'left', baseline: 'middle', dx: 8, fontSize: 10 },
    encoding: { text: { field: label, type: 'nominal' }, color: { value: theme.muted } },
  };
  const chartSize = { width: options.width ?? theme.width, height: options.height ?? theme.height };
  const body = { ...chartSize, encoding, layer: label === undefined ? [point] : [point, text] };
  return baseSpec(
    chartRows(rows, [x, y, size]),
    options,
    `${humanize(y)} vs ${humanize(x).toLowerCase()}`,
    body,
  );
}
