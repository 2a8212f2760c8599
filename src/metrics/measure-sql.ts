import type { Dialect } from '../warehouse/dialect';
import { type NameParts, parseName, type Resolved } from './resolve-name';
import type { Measure } from './semantic-layer';

/**
 * The aggregate of one measure over `value` (its expression, already read through the FROM).
 * A filter becomes `case when … then value end`, which every aggregate here skips as NULL.
 * Averages and percentiles work on a scaled decimal: Redshift's AVG of a DECIMAL keeps the
 * input's scale (avg of cents would be cut to cents), PostgreSQL's bare numeric is exact.
 */
export function aggregateSql(
  measure: Measure,
  value: string,
  filter: string | undefined,
  dialect: Dialect,
): string {
  const decimal = dialect.columnType('numeric', undefined, 10);
  if (measure.agg === 'sum_boolean') {
    return `sum(case when ${filter ? `(${filter}) and ` : ''}${value} then 1 else 0 end)`;
  }
  const v = filter ? `case when ${filter} then ${value} end` : value;
  switch (measure.agg) {
    case 'sum':
      return `sum(${v})`;
    case 'count':
      return `count(${v})`;
    case 'count_distinct':
      return `count(distinct ${v})`;
    case 'average':
      return `avg(cast(${v} as ${decimal}))`;
    case 'min':
      return `min(${v})`;
    case 'max':
      return `max(${v})`;
    case 'median':
      return `percentile_cont(0.5) within group (order by cast(${v} as ${decimal}))`;
    case 'percentile': {
      const fn = measure.discrete ? 'percentile_disc' : 'percentile_cont';
      return `${fn}(${Number(measure.percentile)}) within group (order by ${v})`;
    }
  }
}

const TEMPLATE = /\{\{\s*(Dimension|TimeDimension|Entity)\(\s*'([^']*)'\s*(?:,\s*'([^']*)'\s*)?\)\s*\}\}/g;

/**
 * A where-clause in MetricFlow's template syntax: `{{ Dimension('store__region') }} = 'East'`,
 * `{{ TimeDimension('metric_time', 'month') }} >= '2024-03-01'`, `{{ Entity('customer') }}`.
 * Each reference becomes the resolved column; the rest is the user's SQL, as in `dbt show --inline`.
 */
export function renderFilter(text: string, resolve: (parts: NameParts) => Resolved): string {
  return text.replace(TEMPLATE, (_match, kind: string, name: string, grain?: string) => {
    const parts = parseName(grain ? `${name}__${grain}` : name);
    if (kind === 'Entity' && (parts.entity || parts.grain)) {
      throw new Error(`{{ Entity('${name}') }}: an entity reference is a bare entity name.`);
    }
    return resolve(parts).sql;
  });
}
