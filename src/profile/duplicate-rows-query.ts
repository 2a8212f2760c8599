import type { Dialect } from '../warehouse/dialect';
import type { CatalogTable } from './list-columns';

/**
 * Rows identical in every column to another row, beyond the first of each group
 * (`duplicate_rows`), and how many distinct rows are repeated (`duplicated`). Only run when no
 * single column is a key: a unique column already rules full-row duplicates out.
 */
export function duplicateRowsQuery(dialect: Dialect, schema: string, table: CatalogTable): string {
  const columns = table.columns
    .map((c) => {
      const name = dialect.quoteIdentifier(c.name);
      return c.family === 'other' ? `${name}::text` : name;
    })
    .join(', ');
  return `select coalesce(sum(n - 1), 0) as duplicate_rows, count(*) as duplicated
  from (select count(*) as n from ${dialect.relation(schema, table.name)} group by ${columns} having count(*) > 1) d`;
}
