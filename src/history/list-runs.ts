import type { Warehouse } from '../warehouse/warehouse';
import { historyExists, historyRelation } from './history-tables';
import type { RunStatus } from './run-recorder';

/** One recorded command, as `etl-workbook history` lists it. */
export interface RunSummary {
  runId: string;
  command: string;
  status: RunStatus;
  exitCode: number | null;
  /** ISO 8601, UTC. */
  startedAt: string;
  finishedAt: string | null;
  target: string;
  dataDir: string | null;
  projectChecksum: string | null;
  cliVersion: string | null;
  message: string | null;
  /** Raw tables loaded (committed) and their rows. */
  tablesLoaded: number;
  rowsLoaded: number;
}

export interface RunLoad {
  table: string;
  file: string;
  sha256: string | null;
  bytes: number;
  rows: number;
  status: string;
  seconds: number;
  error: string | null;
}

export interface RunNode {
  uniqueId: string;
  resourceType: string;
  status: string;
  seconds: number;
  rowsAffected: number | null;
  failures: number | null;
  message: string | null;
}

/** A run with everything it recorded. */
export interface RunDetail extends RunSummary {
  loads: RunLoad[];
  nodes: RunNode[];
  /** Like target/kpis.json's `kpis`, as lists of rows (a `one` KPI is a list of one). */
  kpis: Record<string, Record<string, unknown>[]>;
}

const iso = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The latest runs first (at most `limit`, default 20); an empty list when nothing was ever recorded. */
export async function listRuns(
  warehouse: Warehouse,
  options: { limit?: number } = {},
): Promise<RunSummary[]> {
  if (!(await historyExists(warehouse))) return [];
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`The history limit must be a positive integer, not ${limit}.`);
  }
  return selectRuns(warehouse, '', [], limit);
}

async function selectRuns(
  warehouse: Warehouse,
  where: string,
  params: unknown[],
  limit: number,
): Promise<RunSummary[]> {
  const runs = historyRelation(warehouse, 'runs');
  const loads = historyRelation(warehouse, 'loads');
  const result = await warehouse.query<Record<string, unknown>>(
    `select r.run_id, r.command, r.status, r.exit_code, ${iso('r.started_at')} as started_at,
            ${iso('r.finished_at')} as finished_at, r.target, r.data_dir, r.project_checksum, r.cli_version,
            r.message, coalesce(l.tables, 0) as tables, coalesce(l.row_count, 0) as row_count
       from ${runs} r
       left join (select run_id, count(*) as tables, sum(row_count) as row_count
                    from ${loads} where status = 'success' group by run_id) l on l.run_id = r.run_id
      ${where}
      order by r.started_at desc, r.run_id
      limit ${limit}`,
    params,
  );
  return result.rows.map(toSummary);
}

/** One run with its loads, model and test results and KPI values; undefined for an unknown id. */
export async function readRun(warehouse: Warehouse, runId: string): Promise<RunDetail | undefined> {
  if (!(await historyExists(warehouse))) return undefined;
  const [summary] = await selectRuns(warehouse, 'where r.run_id = $1', [runId], 1);
  if (!summary) return undefined;
  const [loads, nodes, kpis] = await Promise.all([
    warehouse.query<Record<string, unknown>>(
      `select * from ${historyRelation(warehouse, 'loads')} where run_id = $1 order by table_name`,
      [runId],
    ),
    warehouse.query<Record<string, unknown>>(
      `select * from ${historyRelation(warehouse, 'node_results')} where run_id = $1 order by unique_id`,
      [runId],
    ),
    warehouse.query<{ kpi: string; row_json: string }>(
      `select kpi, row_json from ${historyRelation(warehouse, 'kpi_values')} where run_id = $1 order by kpi, row_index`,
      [runId],
    ),
  ]);
  const kpiValues: RunDetail['kpis'] = {};
  for (const row of kpis.rows) {
    kpiValues[row.kpi] ??= [];
    kpiValues[row.kpi]?.push(JSON.parse(row.row_json));
  }
  return {
    ...summary,
    loads: loads.rows.map((r) => ({
      table: String(r.table_name),
      file: String(r.file),
      sha256: (r.sha256 as string | null) ?? null,
      bytes: Number(r.bytes),
      rows: Number(r.row_count),
      status: String(r.status),
      seconds: Number(r.seconds),
      error: (r.error as string | null) ?? null,
    })),
    nodes: nodes.rows.map((r) => ({
      uniqueId: String(r.unique_id),
      resourceType: String(r.resource_type),
      status: String(r.status),
      seconds: Number(r.seconds),
      rowsAffected: nullableNumber(r.rows_affected),
      failures: nullableNumber(r.failures),
      message: (r.message as string | null) ?? null,
    })),
    kpis: kpiValues,
  };
}

function toSummary(r: Record<string, unknown>): RunSummary {
  return {
    runId: String(r.run_id),
    command: String(r.command),
    status: r.status as RunStatus,
    exitCode: nullableNumber(r.exit_code),
    startedAt: String(r.started_at),
    finishedAt: (r.finished_at as string | null) ?? null,
    target: String(r.target),
    dataDir: (r.data_dir as string | null) ?? null,
    projectChecksum: (r.project_checksum as string | null) ?? null,
    cliVersion: (r.cli_version as string | null) ?? null,
    message: (r.message as string | null) ?? null,
    tablesLoaded: Number(r.tables),
    rowsLoaded: Number(r.row_count),
  };
}

const nullableNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));
