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

/** One column of a table or view, as information_schema describes it. */
export interface IntrospectedColumn {
  schema: string;
  table: string;
  name: string;
  /** information_schema's `data_type`, e.g. `character varying`, `numeric`. */
  dataType: string;
  /** The DDL spelling, e.g. `varchar(256)`, `numeric(12,2)`, `timestamp`. */
  type: string;
}

/**
 * The warehouse's one catalog reader (the docs site, the schema description and the profile all
 * read through it): the columns of every table and view in `schemas`, in table then column order,
 * from information_schema (standard SQL, so PostgreSQL and Redshift answer alike).
 */
export async function readColumns(
  warehouse: Pick<Warehouse, 'query'>,
  schemas: readonly string[],
): Promise<IntrospectedColumn[]> {
  if (schemas.length === 0) return [];
  const list = schemas.map((_, i) => `$${i + 1}`).join(', ');
  const { rows } = await warehouse.query<ColumnRow>(
    `select c.table_schema, c.table_name, c.column_name, c.data_type, c.character_maximum_length,
            c.numeric_precision, c.numeric_scale
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema in (${list}) and t.table_type in ('BASE TABLE', 'VIEW')
      order by c.table_schema, c.table_name, c.ordinal_position`,
    [...schemas],
  );
  return rows.map((row) => ({
    schema: row.table_schema,
    table: row.table_name,
    name: row.column_name,
    dataType: row.data_type,
    type: columnType(row),
  }));
}

/** Columns by relation, keyed `schema.table`. Relations not built yet are simply absent. */
export async function readCatalog(
  warehouse: Pick<Warehouse, 'query'>,
  schemas: readonly string[],
): Promise<Catalog> {
  const catalog: Catalog = new Map();
  for (const column of await readColumns(warehouse, schemas)) {
    const key = `${column.schema}.${column.table}`;
    const columns = catalog.get(key) ?? [];
    catalog.set(key, columns);
    columns.push({ name: column.name, type: column.type });
  }
  return catalog;
}

/** Row counts of `tables` (`schema.table`), one `count(*)` each. */
export async function countRows(
  warehouse: Warehouse,
  tables: readonly string[],
): Promise<Map<string, number>> {
  const rows = new Map<string, number>();
  for (const table of tables) {
    const [schema, name] = table.split('.') as [string, string];
    const counted = await warehouse.query<{ n: string }>(
      `select count(*) as n from ${warehouse.dialect.relation(schema, name)}`,
    );
    rows.set(table, Number(counted.rows[0]?.n ?? 0));
  }
  return rows;
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
