import { readColumns } from '../warehouse/introspector';
import type { Warehouse } from '../warehouse/warehouse';
import { type TypeFamily, typeFamily } from './type-family';

export type CatalogColumn = { name: string; catalogType: string; family: TypeFamily };
export type CatalogTable = { name: string; columns: CatalogColumn[] };

/**
 * The tables (and views) of `schema` with their columns in declaration order, from the catalog.
 * `tables` restricts and orders the result; a name that does not exist is an error naming the
 * ones that do.
 */
export async function listColumns(
  warehouse: Pick<Warehouse, 'query'>,
  schema: string,
  tables?: readonly string[],
): Promise<CatalogTable[]> {
  const byName = new Map<string, CatalogTable>();
  for (const column of await readColumns(warehouse, [schema])) {
    let table = byName.get(column.table);
    if (!table) {
      table = { name: column.table, columns: [] };
      byName.set(column.table, table);
    }
    table.columns.push({
      name: column.name,
      catalogType: column.dataType,
      family: typeFamily(column.dataType),
    });
  }
  if (!tables) {
    if (byName.size === 0) {
      throw new Error(
        `Schema ${schema} has no tables to profile. Load the dataset first (etl-workbook load --data DIR), or name another schema.`,
      );
    }
    return [...byName.values()];
  }
  const missing = tables.filter((name) => !byName.has(name));
  if (missing.length > 0) {
    const known = [...byName.keys()];
    throw new Error(
      `Cannot profile ${missing.map((m) => `${schema}.${m}`).join(', ')}: no such table. ` +
        (known.length > 0
          ? `Schema ${schema} has: ${known.join(', ')}.`
          : `Schema ${schema} has no tables; load the dataset first (etl-workbook load).`),
    );
  }
  return tables.map((name) => byName.get(name) as CatalogTable);
}
