import type { Warehouse } from './warehouse';

/** One column as the warehouse has it. */
export interface CatalogColumn {
  name: string;
  /** The column's type, e.g. `numeric(12,2)`, `varchar(256)`, `timestamp`. */
  type: string;
}

/** Columns by relation, keyed `schema.table` (unquoted names), in the table's column order. */
export type Catalog = Map<string, CatalogColumn[]>;

interface ColumnRow {
  table_schema: string;
  table_name: string;
  column_name: string;
  data_type: string;
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
}

/**
 * Reads the column types of every table and view in `schemas` from information_schema (standard
 * SQL, so PostgreSQL and Redshift answer alike). Relations not built yet are simply absent.
 */
export async function readCatalog(warehouse: Warehouse, schemas: readonly string[]): Promise<Catalog> {
  const catalog: Catalog = new Map();
  if (schemas.length === 0) return catalog;
  const list = schemas.map((_, i) => `$${i + 1}`).join(', ');
  const { rows } = await warehouse.query<ColumnRow>(
    `select table_schema, table_name, column_name, data_type, character_maximum_length,
            numeric_precision, numeric_scale
     from information_schema.columns
     where table_schema in (${list})
     order by table_schema, table_name, ordinal_position`,
    [...schemas],
  );
  for (const row of rows) {
    const key = `${row.table_schema}.${row.table_name}`;
    const columns = catalog.get(key) ?? [];
    catalog.set(key, columns);
    columns.push({ name: row.column_name, type: columnType(row) });
  }
  return catalog;
}

const SHORT_NAMES: Record<string, string> = {
  'character varying': 'varchar',
  character: 'char',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'time without time zone': 'time',
};

function columnType(row: ColumnRow): string {
  const name = SHORT_NAMES[row.data_type] ?? row.data_type;
  if (row.data_type === 'numeric' && row.numeric_precision !== null) {
    return `numeric(${row.numeric_precision},${row.numeric_scale ?? 0})`;
  }
  if (row.character_maximum_length !== null && (name === 'varchar' || name === 'char')) {
    return `${name}(${row.character_maximum_length})`;
  }
  return name;
}
