import { type CatalogColumn, readCatalog as readColumns } from '../warehouse/introspector';
import type { Warehouse } from '../warehouse/warehouse';

export type { CatalogColumn };

/** Columns of the built relations, keyed `schema.table`, in declaration order; rows of the tables asked for. */
export type WarehouseCatalog = {
  columns: Map<string, CatalogColumn[]>;
  rows: Map<string, number>;
};

/**
 * The catalog of the given schemas (columns and DDL types, read as the docs site reads them) and
 * the row counts of `countTables` (`schema.table`, only those that exist).
 */
export async function readCatalog(
  warehouse: Warehouse,
  schemas: readonly string[],
  countTables: readonly string[] = [],
): Promise<WarehouseCatalog> {
  const columns = await readColumns(warehouse, schemas);
  const rows = new Map<string, number>();
  for (const table of countTables) {
    if (!columns.has(table)) continue;
    const [schema, name] = table.split('.') as [string, string];
    const counted = await warehouse.query<{ n: string }>(
      `select count(*) as n from ${warehouse.dialect.relation(schema, name)}`,
    );
    rows.set(table, Number(counted.rows[0]?.n ?? 0));
  }
  return { columns, rows };
}
