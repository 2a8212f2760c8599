import type { Dialect } from '../warehouse/dialect';
import type { CatalogTable } from './list-columns';

/** How many frequent values a column profile lists. */
export const TOP_VALUES = 5;

/**
 * The most frequent non-null values of the given columns (by index): one `group by … limit 5`
 * per column, glued with `union all` so it is one round trip. Each branch is a hash aggregate
 * plus a top-N sort, so nothing but the five rows per column leaves the warehouse. Result rows:
 * `col` (the column's index), `value` (as text), `n`.
 */
export function topValuesQuery(
  dialect: Dialect,
  schema: string,
  table: CatalogTable,
  columns: number[],
): string {
  const relation = dialect.relation(schema, table.name);
  const branches = columns.map((i) => {
    const column = table.columns[i];
    if (!column) throw new Error(`topValuesQuery: ${table.name} has no column #${i}`);
    const source = dialect.quoteIdentifier(column.name);
    const value = column.family === 'other' ? `${source}::text` : source;
    return `(select ${i} as col, ${value}::text as value, count(*) as n from ${relation} where ${source} is not null group by ${value} order by n desc, 2 limit ${TOP_VALUES})`;
  });
  return branches.join('\nunion all\n');
}
