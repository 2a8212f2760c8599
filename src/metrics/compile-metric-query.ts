import { at } from '../common/at';
import type { Dialect } from '../warehouse/dialect';
import { aggregateSql, renderFilter } from './measure-sql';
import { type MeasureInstance, planMetrics } from './metric-plan';
import { measureOwner, type NameParts, parseName, type Resolved, resolveName } from './resolve-name';
import type { SemanticLayer } from './semantic-layer';
import { SourceFrom } from './source-from';

/** What to compute: `etl-workbook query --metrics … --group-by … --where … --order … --limit N`. */
export interface MetricQuery {
  metrics: string[];
  /** metric_time[__grain], <entity>__<dimension>[__grain], a dimension or an entity */
  groupBy?: string[];
  /** SQL conditions with {{ Dimension('…') }} references, combined with `and` */
  where?: string[];
  /** output column names; a leading `-` sorts descending. Default: the group-by columns. */
  orderBy?: string[];
  limit?: number;
}

export interface MetricColumn {
  name: string;
  kind: 'dimension' | 'time' | 'metric';
}

export interface CompiledMetricQuery {
  sql: string;
  columns: MetricColumn[];
}

export interface CompileMetricOptions {
  dialect: Dialect;
  /** model name → its quoted relation (from the compiled project) */
  relations: ReadonlyMap<string, string>;
}

/**
 * A metric query as one SELECT: per semantic model, its measures aggregated by the group-by
 * columns (joined along entities); the per-model results joined on the group-by columns; then
 * the metrics computed from the measures. Plain CTEs, none nested (Redshift allows no WITH inside
 * a WITH), date_trunc, interval arithmetic and to_char: SQL both PostgreSQL and Redshift run.
 */
export function compileMetricQuery(
  layer: SemanticLayer,
  query: MetricQuery,
  options: CompileMetricOptions,
): CompiledMetricQuery {
  const { dialect } = options;
  if (query.metrics.length === 0)
    throw new Error('Name at least one metric (--metrics revenue,order_count).');
  const groups = (query.groupBy ?? []).map(parseName);
  const decimal = dialect.columnType('numeric', undefined, 10);
  const plan = planMetrics(layer, query.metrics, decimal);
  const selects = sourceSelects(layer, plan.instances, groups, query.where ?? [], options);
  const q = (name: string) => dialect.quoteIdentifier(name);
  const groupColumns = groups.map((group) => q(group.name));
  const [first] = selects;
  if (!first) throw new Error('Internal error: a metric query with no measure to select.');
  const ctes =
    selects.length === 1 ? [`measures as (\n${indent(first.sql)}\n)`] : combine(selects, groupColumns);
  const timeNames = new Set(first.timeNames);
  const columns: MetricColumn[] = [
    ...groups.map(
      (group) => ({ name: group.name, kind: timeNames.has(group.name) ? 'time' : 'dimension' }) as const,
    ),
    ...query.metrics.map((name) => ({ name, kind: 'metric' }) as const),
  ];
  const outputs = [
    ...groups.map((group) =>
      timeNames.has(group.name)
        ? `to_char(${q(group.name)}, 'YYYY-MM-DD') as ${q(group.name)}`
        : q(group.name),
    ),
    ...query.metrics.map((name) => `${plan.expressions.get(name)} as ${q(name)}`),
  ];
  const sql = [
    `with ${ctes.join(',\n')}`,
    `select\n  ${outputs.join(',\n  ')}\nfrom measures`,
    orderClause(query.orderBy, columns, q),
    limitClause(query.limit),
  ]
    .filter(Boolean)
    .join('\n');
  return { sql, columns };
}

interface SourceSelect {
  sql: string;
  columns: string[];
  timeNames: string[];
}

/** One SELECT per semantic model (and per cumulative measure, whose rows join a period list). */
function sourceSelects(
  layer: SemanticLayer,
  instances: MeasureInstance[],
  groups: NameParts[],
  where: string[],
  options: CompileMetricOptions,
): SourceSelect[] {
  const hasTime = groups.some((group) => group.element === 'metric_time' && !group.entity);
  const buckets = new Map<string, MeasureInstance[]>();
  for (const instance of instances) {
    const { model } = measureOwner(layer.semanticModels, instance.measure);
    const cumulative =
      instance.cumulative && (instance.cumulative.window || instance.cumulative.grainToDate || hasTime);
    const key = cumulative ? `${model.name}:${instance.column}` : model.name;
    buckets.set(key, [...(buckets.get(key) ?? []), instance]);
  }
  return [...buckets.values()].map((bucket) => sourceSelect(layer, bucket, groups, where, options));
}

function sourceSelect(
  layer: SemanticLayer,
  bucket: MeasureInstance[],
  groups: NameParts[],
  where: string[],
  options: CompileMetricOptions,
): SourceSelect {
  const { dialect, relations } = options;
  const q = (name: string) => dialect.quoteIdentifier(name);
  const first = at(bucket, 0, 'a measure of the bucket');
  const { model, measure } = measureOwner(layer.semanticModels, first.measure);
  const from = new SourceFrom(model, layer, relations, dialect);
  const resolve = (parts: NameParts) => resolveName(parts, from, measure);
  const cumulative = bucket.length === 1 ? first.cumulative : undefined;
  const timeGroup = groups.find((group) => group.element === 'metric_time' && !group.entity);
  if (cumulative && !timeGroup && (cumulative.window || cumulative.grainToDate)) {
    throw new Error(
      `A cumulative metric on measure "${measure.name}" with a window or grain_to_date needs metric_time__<grain> in --group-by.`,
    );
  }
  const period = cumulative && timeGroup ? periodJoin(cumulative, timeGroup, resolve, options) : undefined;
  const resolved = groups.map((group) =>
    period && group === timeGroup ? { sql: '"periods"."period"', time: true } : resolve(group),
  );
  const aggregates = bucket.map((instance) => {
    const owned = measureOwner(layer.semanticModels, instance.measure).measure;
    const filter = instance.filter === undefined ? undefined : renderFilter(instance.filter, resolve);
    return `${aggregateSql(owned, from.column('base', owned.expr), filter, dialect)} as ${q(instance.column)}`;
  });
  const conditions = where.map((condition) => `(${renderFilter(condition, resolve)})`);
  const select = [
    ...resolved.map((item, index) => `${item.sql} as ${q(at(groups, index, 'a group').name)}`),
    ...aggregates,
  ];
  const sql = [
    `select\n  ${select.join(',\n  ')}`,
    from.sql(period),
    conditions.length > 0 ? `where ${conditions.join('\n  and ')}` : '',
    resolved.length > 0 ? `group by ${resolved.map((item) => item.sql).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return {
    sql,
    columns: bucket.map((instance) => instance.column),
    timeNames: groups
      .filter((_, index) => at(resolved, index, 'a resolved group').time)
      .map((group) => group.name),
  };
}

/**
 * Cumulative measures: every period of the query's grain that has rows, joined to the rows up to
 * the period's end, from the window's start (or the grain-to-date's start, or the beginning).
 */
function periodJoin(
  cumulative: NonNullable<MeasureInstance['cumulative']>,
  timeGroup: NameParts,
  resolve: (parts: NameParts) => Resolved,
  options: CompileMetricOptions,
): { from: string; on: string } {
  const time = resolve(timeGroup);
  if (!time.rawTime || !time.period) throw new Error('internal: metric_time without its time column');
  const { grain, expr, model } = time.period;
  const periods = `(select distinct cast(date_trunc('${grain}', ${expr}) as date) as "period" from ${options.relations.get(model)} where ${expr} is not null) as "periods"`;
  const end = `"periods"."period" + interval '1 ${grain}'`;
  const raw = time.rawTime;
  const on = [`${raw} < ${end}`];
  if (cumulative.window)
    on.push(`${raw} >= ${end} - interval '${cumulative.window.count} ${cumulative.window.grain}'`);
  if (cumulative.grainToDate)
    on.push(`${raw} >= date_trunc('${cumulative.grainToDate}', "periods"."period")`);
  return { from: periods, on: on.join(' and ') };
}

/**
 * Joins the per-model results on the group-by columns: the union of their keys, each result
 * left-joined with a null-safe equality (a NULL dimension value is a group too).
 */
function combine(selects: SourceSelect[], groupColumns: string[]): string[] {
  const ctes = selects.map((select, index) => `s${index + 1} as (\n${indent(select.sql)}\n)`);
  const values = selects.flatMap((select, index) =>
    select.columns.map((column) => `"s${index + 1}"."${column}"`),
  );
  if (groupColumns.length === 0) {
    const from = selects.map((_, index) => `"s${index + 1}"`).join(' cross join ');
    return [...ctes, `measures as (\n  select ${values.join(', ')} from ${from}\n)`];
  }
  const keyUnion = selects
    .map((_, index) => `select ${groupColumns.join(', ')} from "s${index + 1}"`)
    .join('\n  union\n  ');
  const joins = selects.map((_, index) => {
    const on = groupColumns.map(
      (column) =>
        `("keys".${column} = "s${index + 1}".${column} or ("keys".${column} is null and "s${index + 1}".${column} is null))`,
    );
    return `left join "s${index + 1}" on ${on.join(' and ')}`;
  });
  const keys = groupColumns.map((column) => `"keys".${column}`);
  return [
    ...ctes,
    `keys as (\n  ${keyUnion}\n)`,
    `measures as (\n  select ${[...keys, ...values].join(', ')}\n  from "keys"\n  ${joins.join('\n  ')}\n)`,
  ];
}

function orderClause(
  order: string[] | undefined,
  columns: MetricColumn[],
  q: (name: string) => string,
): string {
  const items = order ?? columns.filter((column) => column.kind !== 'metric').map((column) => column.name);
  if (items.length === 0) return '';
  const names = new Set(columns.map((column) => column.name));
  return `order by ${items
    .map((item) => {
      const descending = item.startsWith('-');
      const name = descending ? item.slice(1) : item;
      if (!names.has(name)) {
        throw new Error(
          `Cannot order by "${name}": it is not a selected metric or group-by column (${[...names].join(', ')}).`,
        );
      }
      return `${q(name)}${descending ? ' desc' : ''}`;
    })
    .join(', ')}`;
}

function limitClause(limit: number | undefined): string {
  if (limit === undefined) return '';
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new Error(`--limit must be a whole number ≥ 0, got ${limit}.`);
  return `limit ${limit}`;
}

const indent = (text: string) => text.replace(/^/gm, '  ');
