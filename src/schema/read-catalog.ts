import { type CatalogColumn, countRows, readCatalog as readColumns } from '../warehouse/introspector';
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
  const rows = await countRows(
    warehouse,
    countTables.filter((table) => columns.has(table)),
  );
  return { columns, rows };
}
