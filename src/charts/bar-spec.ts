import { baseSpec } from './base-spec';
import type { ChartOptions } from './chart-options';
import { chartRows } from './chart-rows';
import type { ChartRow, ChartSpec } from './chart-spec';
import { humanize } from './humanize';
import { theme } from './theme';
import { tooltipField } from './tooltip-field';
import { type ValueFormat, valueFormat } from './value-format';

/** Order of the categories: by value, or the rows' own order ('none'), or an explicit list. */
export type BarSort = 'ascending' | 'descending' | 'none' | readonly string[];

/** Options of the bar chart factories. */
export type BarOptions = ChartOptions & {
  /** The category field (on the y axis when `horizontal`). */
  x: string;
  /** The measure field (summed per category and color). */
  y: string;
  /** A field that colors (and, for grouped or stacked bars, splits) each bar. */
  color?: string;
  /** How the measure is formatted (default 'number'). */
  format?: ValueFormat;
  /** Categories down the y axis, bars growing to the right. */
  horizontal?: boolean;
  /** Category order (default: the rows' order, as the SQL sorted them). */
  sort?: BarSort;
  /** Writes each bar's value next to it (single and grouped bars; ignored when stacked). */
  labels?: boolean;
};

/** How several bars per category are laid out. */
export type BarLayout = 'single' | 'grouped' | 'stacked' | 'normalized';

/** The vega-lite spec behind barChart, groupedBarChart and stackedBarChart. */
export function barSpec(rows: readonly ChartRow[], options: BarOptions, layout: BarLayout): ChartSpec {
  const { x, y, color, horizontal = false } = options;
  const fmt = valueFormat(options.format);
  const normalized = layout === 'normalized';
  const valueAxis = horizontal ? 'x' : 'y';
  const category = {
    field: x,
    type: 'nominal',
    title: humanize(x),
    sort: sortOrder(options.sort, valueAxis),
    ...(horizontal ? {} : { axis: { labelAngle: labelAngle(rows, x, options.width ?? theme.width) } }),
  };
  const value = {
    field: y,
    type: 'quantitative',
    aggregate: 'sum',
    title: normalized ? `Share of ${humanize(y).toLowerCase()}` : humanize(y),
    axis: { format: normalized ? '.0%' : fmt.axis },
    ...(layout === 'stacked' ? { stack: 'zero' } : {}),
    ...(normalized ? { stack: 'normalize' } : {}),
    ...(layout === 'grouped' ? { stack: null } : {}),
  };
  const tooltip = [
    tooltipField(x, 'nominal'),
    ...(color === undefined ? [] : [tooltipField(color, 'nominal')]),
    { ...tooltipField(y, 'quantitative', fmt.tooltip), aggregate: 'sum' },
  ];
  const encoding = {
    [horizontal ? 'y' : 'x']: category,
    [valueAxis]: value,
    ...(color === undefined
      ? {}
      : { color: { field: color, type: 'nominal', title: humanize(color), sort: null } }),
    ...(color !== undefined && layout === 'grouped'
      ? { [horizontal ? 'yOffset' : 'xOffset']: { field: color, sort: null } }
      : {}),
    tooltip,
  };
  const bar = { type: 'bar' };
  const size = horizontal
    ? {
        width: options.width ?? theme.width,
        height: options.height ?? { step: bandStep(rows, color, layout), for: 'position' },
      }
    : { width: options.width ?? theme.width, height: options.height ?? theme.height };
  const data = chartRows(rows, [y]);
  const labelled = options.labels === true && (layout === 'single' || layout === 'grouped');
  const body = labelled
    ? {
        ...size,
        encoding,
        layer: [{ mark: bar }, labelLayer(y, labelFormat(data, y, options.format), horizontal)],
      }
    : { ...size, mark: bar, encoding };
  return baseSpec(data, options, `${humanize(y)} by ${humanize(x).toLowerCase()}`, body);
}

/** Horizontal category labels when they fit their band (about 7 px a character), else slanted. */
function labelAngle(rows: readonly ChartRow[], x: string, width: number): number {
  const labels = new Set(rows.map((row) => String(row[x] ?? '')));
  const longest = Math.max(0, ...[...labels].map((label) => label.length));
  return longest * 7 <= width / Math.max(1, labels.size) ? 0 : -35;
}

function sortOrder(sort: BarSort | undefined, valueAxis: 'x' | 'y'): unknown {
  if (sort === undefined || sort === 'none') return null;
  if (sort === 'ascending') return valueAxis;
  if (sort === 'descending') return `-${valueAxis}`;
  return [...sort];
}

/** A category's band: the theme's step, or room for 14 px per bar when bars sit side by side. */
function bandStep(rows: readonly ChartRow[], color: string | undefined, layout: BarLayout): number {
  if (layout !== 'grouped' || color === undefined) return theme.step;
  const bars = new Set(rows.map((row) => row[color])).size;
  return Math.max(theme.step, 14 * bars + 8);
}

/** Money labels keep their cents when every amount is under $1,000 (an order value, a price). */
function labelFormat(rows: readonly ChartRow[], y: string, format: ValueFormat | undefined): string {
  const fmt = valueFormat(format);
  if (format !== 'money') return fmt.label;
  const small = rows.every((row) => {
    const value = row[y];
    return typeof value !== 'number' || Math.abs(value) < 1000;
  });
  return small ? fmt.tooltip : fmt.label;
}

function labelLayer(y: string, format: string, horizontal: boolean) {
  return {
    mark: horizontal
      ? { type: 'text', align: 'left', baseline: 'middle', dx: 4 }
      : { type: 'text', align: 'center', baseline: 'bottom', dy: -4 },
    encoding: {
      text: { field: y, type: 'quantitative', aggregate: 'sum', format },
      color: { value: theme.ink },
    },
  };
}
