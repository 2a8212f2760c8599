import type { RunRecorder } from '../history/run-recorder';
import { checkVolumes, type VolumeCheck, type VolumeCount } from '../history/volume-check';
import { previousVolumes, recordVolumes } from '../history/volume-store';
import { RAW_SCHEMA } from '../loader/contract';
import type { LoadResult } from '../loader/load-result';
import type { Dialect } from '../warehouse/dialect';
import type { Warehouse } from '../warehouse/warehouse';

export interface VolumeStepResult extends VolumeCheck {
  /** Set when the counts could not be taken or compared (the run goes on; nothing was recorded). */
  error?: string;
}

/**
 * Counts the loaded raw tables (each table's rows, and orders per store and day), checks
 * the counts against the previous runs' (history/volume-check.ts states the rule) and records both
 * in etl_meta under the run's id. Never stops the run: a volume drop is a warning.
 */
export async function volumeStep(
  warehouse: Warehouse,
  options: { loads: readonly LoadResult[]; recorder?: RunRecorder },
): Promise<VolumeStepResult> {
  try {
    const counts: VolumeCount[] = options.loads
      .filter((load) => load.status === 'success')
      // a load names its table with the schema (raw.raw_items); the counts use the bare name
      .map((load) => ({ table: load.table.replace(/^.*\./, ''), storeId: null, day: null, rows: load.rows }));
    counts.push(...(await storeDayCounts(warehouse)));
    const names = await warehouse.query<{ id: string; name: string }>(
      `select id, name from ${warehouse.dialect.relation(RAW_SCHEMA, 'raw_stores')}`,
    );
    const previous = await previousVolumes(warehouse, options.recorder?.runId);
    const check = checkVolumes(counts, previous, new Map(names.rows.map((s) => [s.id, s.name])));
    if (options.recorder) await recordVolumes(warehouse, options.recorder.runId, counts, check.warnings);
    return check;
  } catch (error) {
    const message = `the volume check could not run: ${(error as Error).message}`;
    return { warnings: [], judged: 0, notJudged: 0, previousRuns: 0, error: message };
  }
}

/**
 * Orders per store and day. Items are judged by their table's total only: their count per
 * store-day swings with basket sizes (a day of 11 items after weeks of 31 happens in the committed
 * dataset), and a missing store-day already shows in its orders.
 */
async function storeDayCounts(warehouse: Warehouse): Promise<VolumeCount[]> {
  const result = await warehouse.query<{ store_id: string; day: string; n: string }>(
    storeDayCountSql(warehouse.dialect),
  );
  return result.rows.map((r) => ({
    table: 'raw_orders',
    storeId: r.store_id,
    day: r.day,
    rows: Number(r.n),
  }));
}

/** The count of orders per store and day (the Redshift check reads it too). */
export function storeDayCountSql(dialect: Pick<Dialect, 'relation'>): string {
  const orders = dialect.relation(RAW_SCHEMA, 'raw_orders');
  // Grouped by the date, formatted once per group: to_char on every row took 3x as long (issue 15).
  return `select store_id, to_char(order_day, 'YYYY-MM-DD') as day, n from (
    select store_id, cast(ordered_at as date) as order_day, count(*) as n
      from ${orders} group by store_id, cast(ordered_at as date)) as store_days`;
}
