import type { Session, Warehouse } from '../warehouse/warehouse';

/** The schema that holds the run history, next to raw, staging, marts. */
export const HISTORY_SCHEMA = 'etl_meta';

type Queryable = Pick<Session, 'query'>;

/**
 * The history tables. Types are spelled so PostgreSQL and Redshift read them alike: bounded
 * varchar (Redshift's `text` is varchar(256)), no serial or arrays; run ids are UUIDs made by the
 * client, so no sequence is needed.
 */
const TABLES: Record<string, string> = {
  runs: `run_id varchar(36) not null primary key, command varchar(32) not null, status varchar(16) not null,
    exit_code integer, started_at timestamp not null, finished_at timestamp, target varchar(16) not null,
    data_dir varchar(1024), project_checksum varchar(64), cli_version varchar(32), message varchar(4096)`,
  loads: `run_id varchar(36) not null, table_name varchar(128) not null, file varchar(1024) not null,
    sha256 varchar(64), bytes bigint not null, row_count bigint not null, status varchar(16) not null,
    seconds double precision not null, error varchar(4096)`,
  node_results: `run_id varchar(36) not null, unique_id varchar(512) not null, resource_type varchar(32) not null,
    status varchar(16) not null, seconds double precision not null, rows_affected bigint, failures bigint,
    message varchar(4096)`,
  kpi_values: `run_id varchar(36) not null, kpi varchar(128) not null, row_index integer not null,
    row_json varchar(65535) not null`,
  // a table's total has store_id and day null; otherwise the rows of one store on one day
  volume_counts: `run_id varchar(36) not null, table_name varchar(128) not null, store_id varchar(256),
    day date, row_count bigint not null`,
  volume_warnings: `run_id varchar(36) not null, table_name varchar(128) not null, store_id varchar(256),
    day date, row_count bigint not null, usual double precision not null, low double precision not null,
    message varchar(4096) not null`,
};

export type HistoryTable =
  | 'runs'
  | 'loads'
  | 'node_results'
  | 'kpi_values'
  | 'volume_counts'
  | 'volume_warnings';

export function historyRelation(warehouse: Pick<Warehouse, 'dialect'>, table: HistoryTable | string): string {
  return warehouse.dialect.relation(HISTORY_SCHEMA, table);
}

/** The statements that create the history schema and tables when missing (idempotent). */
export function historyDdl(warehouse: Pick<Warehouse, 'dialect'>): string[] {
  return [
    warehouse.dialect.createSchema(HISTORY_SCHEMA),
    ...Object.entries(TABLES).map(
      ([name, columns]) => `create table if not exists ${historyRelation(warehouse, name)} (${columns})`,
    ),
  ];
}

export async function ensureHistoryTables(warehouse: Warehouse): Promise<void> {
  for (const statement of historyDdl(warehouse)) await warehouse.query(statement);
}

/** Whether etl_meta.runs exists yet (a warehouse that never ran has no history). */
export async function historyExists(warehouse: Warehouse): Promise<boolean> {
  const found = await warehouse.query<{ n: string | number }>(
    `select count(*) as n from information_schema.tables where table_schema = $1 and table_name = 'runs'`,
    [HISTORY_SCHEMA],
  );
  return Number(found.rows[0]?.n ?? 0) > 0;
}

/** A parameter list is capped (PostgreSQL: 65,535 bind parameters per statement). */
const MAX_PARAMS = 30_000;

/** Inserts rows with bind parameters, as few multi-row INSERTs as the parameter cap allows. */
export async function insertRows(
  target: Queryable,
  relation: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const slots = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${slots.join(', ')})`;
    });
    await target.query(`insert into ${relation} (${columns.join(', ')}) values ${tuples.join(', ')}`, params);
  }
}
