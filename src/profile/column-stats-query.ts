import type { Dialect } from '../warehouse/dialect';
import type { CatalogTable } from './list-columns';
import type { ColumnProfile, InferredType, Quantiles } from './profile';
import { isNumericFamily, type TypeFamily } from './type-family';
import { inferTextType } from './value-kinds';
import type { ValueKindCounts } from './value-kinds-query';

/** What the one-pass statistics query gives for a column (top values and samples come later). */
export type ColumnStats = Omit<ColumnProfile, 'topValues' | 'samples'>;

export type TableStats = { rows: number; columns: ColumnStats[] };

const QUANTILES = [0, 0.25, 0.5, 0.75, 1] as const;

/**
 * One statement that scans the table once and computes, for every column at the same time: the
 * non-null and distinct counts, min and max, text lengths and quantiles of numeric columns.
 * (Value kinds are counted by a separate statement: DISTINCT aggregates keep this one from
 * running in parallel, while the kinds' pattern matching is the CPU-heavy part that can.)
 */
export function columnStatsQuery(dialect: Dialect, schema: string, table: CatalogTable): string {
  const q = (name: string) => dialect.quoteIdentifier(name);
  const inner: string[] = [];
  const outer: string[] = ['count(*) as "rows"'];
  table.columns.forEach((column, i) => {
    const c = q(`c${i}`);
    const source = q(column.name);
    // Types without equality or ordering (json, arrays…) are profiled through their text form.
    inner.push(`${column.family === 'other' ? `${source}::text` : source} as ${c}`);
    outer.push(`count(${c}) as ${q(`n${i}`)}`, `count(distinct ${c}) as ${q(`d${i}`)}`);
    if (column.family === 'boolean') {
      // PostgreSQL has no min/max for boolean; false < true, so min is "all true" and max "any true".
      outer.push(`bool_and(${c})::text as ${q(`lo${i}`)}`, `bool_or(${c})::text as ${q(`hi${i}`)}`);
    } else {
      outer.push(`min(${c})::text as ${q(`lo${i}`)}`, `max(${c})::text as ${q(`hi${i}`)}`);
    }
    if (column.family === 'text' || column.family === 'other') {
      outer.push(`min(length(${c})) as ${q(`ll${i}`)}`, `max(length(${c})) as ${q(`lh${i}`)}`);
    }
    if (isNumericFamily(column.family)) {
      outer.push(
        `percentile_cont(array[${QUANTILES.join(', ')}]) within group (order by ${c}::float8) as ${q(`q${i}`)}`,
      );
    }
  });
  return `select ${outer.join(',\n       ')}\n  from (select ${inner.join(', ')} from ${dialect.relation(schema, table.name)}) s`;
}

/**
 * Turns the statistics row (pg returns bigint counts as strings) and the value kinds of the text
 * columns into per-column statistics, inferring each text column's type from its kinds.
 */
export function parseColumnStats(
  table: CatalogTable,
  row: Record<string, unknown>,
  kinds: ReadonlyMap<number, ValueKindCounts> = new Map(),
): TableStats {
  const rows = Number(row.rows);
  const columns = table.columns.map((column, i): ColumnStats => {
    const nonNull = Number(row[`n${i}`]);
    const nulls = rows - nonNull;
    const stats: ColumnStats = {
      name: column.name,
      catalogType: column.catalogType,
      inferredType: catalogInferredType(column.family),
      nulls,
      nullShare: rows === 0 ? 0 : nulls / rows,
      distinct: Number(row[`d${i}`]),
      min: (row[`lo${i}`] as string | null) ?? null,
      max: (row[`hi${i}`] as string | null) ?? null,
    };
    if (column.family === 'text' || column.family === 'other') {
      stats.minLength = nullableNumber(row[`ll${i}`]);
      stats.maxLength = nullableNumber(row[`lh${i}`]);
    }
    const valueKinds = kinds.get(i);
    if (column.family === 'text' && valueKinds) {
      stats.valueKinds = valueKinds;
      stats.inferredType = inferTextType(valueKinds, nonNull);
    }
    if (isNumericFamily(column.family)) stats.quantiles = parseQuantiles(row[`q${i}`]);
    return stats;
  });
  return { rows, columns };
}

function catalogInferredType(family: TypeFamily): InferredType {
  return family === 'other' ? 'text' : family;
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function parseQuantiles(value: unknown): Quantiles | null {
  if (!Array.isArray(value) || value.length !== QUANTILES.length) return null;
  const [p0, p25, p50, p75, p100] = value.map(Number) as [number, number, number, number, number];
  return { p0, p25, p50, p75, p100 };
}
