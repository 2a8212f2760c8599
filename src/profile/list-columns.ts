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
  const result = await warehouse.query<{ table_name: string; column_name: string; data_type: string }>(
    `select c.table_name, c.column_name, c.data_type
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = $1 and t.table_type in ('BASE TABLE', 'VIEW')
      order by c.table_name, c.ordinal_position`,
    [schema],
  );
  const byName = new Map<string, CatalogTable>();
  for (const row of result.rows) {
    let table = byName.get(row.table_name);
    if (!table) {
      table = { name: row.table_name, columns: [] };
      byName.set(row.table_name, table);
    }
    table.columns.push({
      name: row.column_name,
      catalogType: row.data_type,
      family: typeFamily(row.data_type),
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
