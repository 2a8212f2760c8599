import type { Dialect } from '../warehouse/dialect';
import type { CatalogTable } from './list-columns';

/** How many leading rows give each column its sample values. */
export const SAMPLE_ROWS = 5;

/**
 * The first rows of the table, every column as text under the alias `c<index>` (cheap: the scan
 * stops after a few rows). Columns keep their non-null values as samples.
 */
export function samplesQuery(dialect: Dialect, schema: string, table: CatalogTable): string {
  const columns = table.columns.map(
    (column, i) => `${dialect.quoteIdentifier(column.name)}::text as ${dialect.quoteIdentifier(`c${i}`)}`,
  );
  return `select ${columns.join(', ')} from ${dialect.relation(schema, table.name)} limit ${SAMPLE_ROWS}`;
}
