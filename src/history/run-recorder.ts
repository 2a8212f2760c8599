import { randomUUID } from 'node:crypto';
import type { Session, Warehouse } from '../warehouse/warehouse';
import { ensureHistoryTables, historyRelation, insertRows } from './history-tables';

/** The commands that record themselves. */
export type RecordedCommand = 'run' | 'load' | 'build' | 'snapshot';

export type RunStatus = 'running' | 'success' | 'error';

export interface RunStart {
  command: RecordedCommand;
  dataDir?: string;
  projectChecksum?: string;
  cliVersion?: string;
  /** Defaults to now. */
  startedAt?: Date;
}

/** One raw table's load, as the history keeps it (a loader's LoadResult fits). */
export interface LoadRecord {
  table: string;
  file: string;
  sha256?: string;
  bytes: number;
  rows: number;
  status: string;
  seconds: number;
  error?: { message: string };
}

/** One model's or test's outcome (a runner's NodeResult fits). */
export interface NodeRecord {
  uniqueId: string;
  resourceType: string;
  status: string;
  seconds: number;
  rowsAffected?: number;
  failures?: number;
  message: string;
}

export interface RunOutcome {
  exitCode: number;
  message?: string;
  nodes?: readonly NodeRecord[];
  /** target/kpis.json's `kpis`: a list of rows or one object per KPI. */
  kpis?: Record<string, unknown>;
}

const LOAD_COLUMNS = [
  'run_id',
  'table_name',
  'file',
  'sha256',
  'bytes',
  'row_count',
  'status',
  'seconds',
  'error',
];
const NODE_COLUMNS = [
  'run_id',
  'unique_id',
  'resource_type',
  'status',
  'seconds',
  'rows_affected',
  'failures',
  'message',
];

/**
 * Records one command in etl_meta. `start` commits a `running` row at once; each table's load row
 * is written inside that table's load transaction (`recordLoadIn`), so it exists only if the load
 * committed; `finish` writes the results, the KPI values and the final status in one transaction.
 * A run killed midway therefore stays `running` (never `success`), with the loads that did commit.
 */
export class RunRecorder {
  private readonly recorded = new Set<string>();
  /**
   * History writes that failed after the work (e.g. the connection was lost): the work's own
   * outcome must still be reported, so these are kept for the caller to print, never thrown.
   */
  readonly writeErrors: string[] = [];

  private constructor(
    private readonly warehouse: Warehouse,
    readonly runId: string,
  ) {}

  static async start(warehouse: Warehouse, start: RunStart): Promise<RunRecorder> {
    await ensureHistoryTables(warehouse);
    const runId = randomUUID();
    await insertRows(
      warehouse,
      historyRelation(warehouse, 'runs'),
      ['run_id', 'command', 'status', 'started_at', 'target', 'data_dir', 'project_checksum', 'cli_version'],
      [
        [
          runId,
          start.command,
          'running',
          (start.startedAt ?? new Date()).toISOString(),
          warehouse.target,
          start.dataDir ?? null,
          start.projectChecksum ?? null,
          start.cliVersion ?? null,
        ],
      ],
    );
    return new RunRecorder(warehouse, runId);
  }

  /** Writes a load's row through the load's own session, before its COMMIT. */
  async recordLoadIn(session: Pick<Session, 'query'>, load: LoadRecord): Promise<void> {
    await insertRows(session, historyRelation(this.warehouse, 'loads'), LOAD_COLUMNS, [this.loadRow(load)]);
    this.recorded.add(load.table);
  }

  /** Records the loads not written inside their transaction (failures, the --max-bad-rows path). */
  async recordRemainingLoads(loads: readonly LoadRecord[]): Promise<void> {
    // A row written in a load's transaction exists only if that load succeeded (it committed).
    const committed = (load: LoadRecord) => load.status === 'success' && this.recorded.has(load.table);
    const rows = loads.filter((load) => !committed(load)).map((load) => this.loadRow(load));
    await insertRows(this.warehouse, historyRelation(this.warehouse, 'loads'), LOAD_COLUMNS, rows).catch(
      (error: unknown) =>
        this.writeErrors.push(`the loads of run ${this.runId}: ${(error as Error).message}`),
    );
  }

  /** The results, KPI values and final status, in one transaction. */
  async finish(outcome: RunOutcome): Promise<void> {
    await this.finishing(outcome).catch((error: unknown) =>
      this.writeErrors.push(`the end of run ${this.runId}: ${(error as Error).message}`),
    );
  }

  private async finishing(outcome: RunOutcome): Promise<void> {
    await this.warehouse.transaction(async (session) => {
      const nodes = (outcome.nodes ?? []).map((node) => [
        this.runId,
        node.uniqueId,
        node.resourceType,
        node.status,
        node.seconds,
        node.rowsAffected ?? null,
        node.failures ?? null,
        clip(node.message),
      ]);
      await insertRows(session, historyRelation(this.warehouse, 'node_results'), NODE_COLUMNS, nodes);
      await insertRows(
        session,
        historyRelation(this.warehouse, 'kpi_values'),
        ['run_id', 'kpi', 'row_index', 'row_json'],
        kpiRows(this.runId, outcome.kpis ?? {}),
      );
      await session.query(
        `update ${historyRelation(this.warehouse, 'runs')}
            set status = $2, exit_code = $3, finished_at = $4, message = $5
          where run_id = $1`,
        [
          this.runId,
          outcome.exitCode === 0 ? 'success' : 'error',
          outcome.exitCode,
          new Date().toISOString(),
          outcome.message ? clip(outcome.message) : null,
        ],
      );
    });
  }

  private loadRow(load: LoadRecord): unknown[] {
    return [
      this.runId,
      load.table,
      load.file,
      load.sha256 ?? null,
      load.bytes,
      load.rows,
      load.status,
      load.seconds,
      load.error ? clip(load.error.message) : null,
    ];
  }
}

/** One history row per KPI row (a `one` KPI is row 0), as JSON: exact, and comparable between runs. */
function kpiRows(runId: string, kpis: Record<string, unknown>): unknown[][] {
  return Object.entries(kpis).flatMap(([name, value]) => {
    const rows = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
    return rows.map((row, index) => [runId, name, index, JSON.stringify(row)]);
  });
}

const clip = (text: string) => (text.length > 4000 ? `${text.slice(0, 3997)}...` : text);
