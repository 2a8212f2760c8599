import type { Dialect } from '../warehouse/dialect';
import type { CatalogTable } from './list-columns';
import type { InferredType } from './profile';
import { VALUE_PATTERNS } from './value-kinds';

export type ValueKindCounts = Partial<Record<InferredType, number>>;

/**
 * How many values of each text column look like each kind, in one scan: every value is labelled
 * once by a CASE (first matching kind, else `text`; null stays null) and the rows are grouped by
 * the labels of all columns together. Grouping evaluates each label once per row (a `count(*)
 * filter (where label = …)` per kind would evaluate the CASE again for every filter) and, having
 * no DISTINCT, it runs as a parallel aggregate. The result is small: one row per combination of
 * labels that occurs. The LIKE guards and patterns are bind parameters.
 */
export function valueKindsQuery(
  dialect: Dialect,
  schema: string,
  table: CatalogTable,
  columns: readonly number[],
): { sql: string; params: string[] } {
  const q = (name: string) => dialect.quoteIdentifier(name);
  const params = VALUE_PATTERNS.flatMap((p) => [p.like, p.pattern]);
  const labels = columns.map((i) => {
    const column = table.columns[i];
    if (!column) throw new Error(`valueKindsQuery: ${table.name} has no column #${i}`);
    const c = q(column.name);
    const whens = VALUE_PATTERNS.map(
      (p, j) =>
        `when ${c} like $${2 * j + 1} and ${c} ${p.caseInsensitive ? '~*' : '~'} $${2 * j + 2} then '${p.kind}'`,
    );
    return `case when ${c} is null then null ${whens.join(' ')} else 'text' end as ${q(`k${i}`)}`;
  });
  const keys = columns.map((i) => q(`k${i}`)).join(', ');
  const sql = `select ${keys}, count(*) as n from (select ${labels.join(',\n       ')} from ${dialect.relation(schema, table.name)}) s group by ${keys}`;
  return { sql, params };
}

/** Sums the label combinations into counts per column (by index). */
export function parseValueKinds(
  rows: readonly Record<string, unknown>[],
  columns: readonly number[],
): Map<number, ValueKindCounts> {
  const counts = new Map<number, ValueKindCounts>(columns.map((i) => [i, {}]));
  for (const row of rows) {
    const n = Number(row.n);
    for (const i of columns) {
      const kind = row[`k${i}`] as InferredType | null;
      if (kind === null || kind === undefined) continue;
      const column = counts.get(i) as ValueKindCounts;
      column[kind] = (column[kind] ?? 0) + n;
    }
  }
  return counts;
}
