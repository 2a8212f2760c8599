import type { Warehouse } from '../warehouse/warehouse';
import { ensureHistoryTables, historyExists, historyRelation, insertRows } from './history-tables';
import { VOLUME_RULE } from './volume-band';
import type { PreviousVolumes, VolumeCount, VolumeWarning } from './volume-check';

/** This run's counts and warnings in etl_meta (volume_counts, volume_warnings), in one transaction. */
export async function recordVolumes(
  warehouse: Warehouse,
  runId: string,
  counts: readonly VolumeCount[],
  warnings: readonly VolumeWarning[],
): Promise<void> {
  await ensureHistoryTables(warehouse);
  await warehouse.transaction(async (session) => {
    await insertRows(
      session,
      historyRelation(warehouse, 'volume_counts'),
      ['run_id', 'table_name', 'store_id', 'day', 'row_count'],
      counts.map((c) => [runId, c.table, c.storeId, c.day, c.rows]),
    );
    await insertRows(
      session,
      historyRelation(warehouse, 'volume_warnings'),
      ['run_id', 'table_name', 'store_id', 'day', 'row_count', 'usual', 'low', 'message'],
      warnings.map((w) => [runId, w.table, w.storeId, w.day, w.rows, w.usual, w.low, w.message]),
    );
  });
}

/** The statements that read the volume history (the Redshift check reads them too). */
export function volumeQueries(warehouse: Pick<Warehouse, 'dialect'>) {
  const runs = historyRelation(warehouse, 'runs');
  const counts = historyRelation(warehouse, 'volume_counts');
  return {
    /** $1: the run being checked. */
    previousRuns: `select run_id from ${runs}
      where status = 'success' and command = 'run' and run_id <> $1
      order by started_at desc limit ${VOLUME_RULE.runs}`,
    /** The counts of `n` runs, $1…$n. */
    countsOf: (
      n: number,
    ) => `select run_id, table_name, store_id, to_char(day, 'YYYY-MM-DD') as day, row_count
       from ${counts}
      where run_id in (${Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ')})`,
    newestRunWithCounts: `select r.run_id from ${runs} r where exists (select 1 from ${counts} c where c.run_id = r.run_id)
          order by r.started_at desc limit 1`,
    /** $1: the run. */
    warningsOf: `select table_name, store_id, to_char(day, 'YYYY-MM-DD') as day, row_count, usual, low, message
       from ${historyRelation(warehouse, 'volume_warnings')} where run_id = $1
      order by table_name, day, store_id`,
  };
}

const EMPTY: PreviousVolumes = { runs: 0, totals: new Map(), days: new Map() };

/**
 * The counts of the last `VOLUME_RULE.runs` successful `run`s (never `excludeRunId`, the run being
 * checked): each table's totals newest first, and each store-day as the newest of them counted it.
 */
export async function previousVolumes(warehouse: Warehouse, excludeRunId?: string): Promise<PreviousVolumes> {
  if (!(await historyExists(warehouse))) return EMPTY;
  await ensureHistoryTables(warehouse); // a history written before volume counts existed
  const queries = volumeQueries(warehouse);
  const runs = await warehouse.query<{ run_id: string }>(queries.previousRuns, [excludeRunId ?? '']);
  const order = runs.rows.map((r) => r.run_id);
  if (order.length === 0) return EMPTY;
  const rows = await warehouse.query<{
    run_id: string;
    table_name: string;
    store_id: string | null;
    day: string | null;
    row_count: string | number;
  }>(queries.countsOf(order.length), order);
  const newestFirst = [...rows.rows].sort((a, b) => order.indexOf(a.run_id) - order.indexOf(b.run_id));
  const previous: PreviousVolumes = { runs: order.length, totals: new Map(), days: new Map() };
  for (const row of newestFirst) {
    const rowCount = Number(row.row_count);
    if (row.store_id === null || row.day === null) {
      previous.totals.set(row.table_name, [...(previous.totals.get(row.table_name) ?? []), rowCount]);
    } else {
      const key = `${row.table_name}|${row.store_id}|${row.day}`;
      if (!previous.days.has(key)) previous.days.set(key, rowCount);
    }
  }
  return previous;
}

/** The volume warnings a run recorded (default: the newest run that recorded counts). */
export async function readVolumeWarnings(warehouse: Warehouse, runId?: string): Promise<VolumeWarning[]> {
  if (!(await historyExists(warehouse))) return [];
  await ensureHistoryTables(warehouse);
  const queries = volumeQueries(warehouse);
  const id =
    runId ?? (await warehouse.query<{ run_id: string }>(queries.newestRunWithCounts)).rows[0]?.run_id;
  if (!id) return [];
  const found = await warehouse.query<{
    table_name: string;
    store_id: string | null;
    day: string | null;
    row_count: string | number;
    usual: number;
    low: number;
    message: string;
  }>(queries.warningsOf, [id]);
  return found.rows.map((w) => ({
    table: w.table_name,
    storeId: w.store_id,
    day: w.day,
    rows: Number(w.row_count),
    usual: Number(w.usual),
    low: Number(w.low),
    message: w.message,
  }));
}
