import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureHistoryTables } from '../../src/history/history-tables';
import { RunRecorder } from '../../src/history/run-recorder';
import { readVolumeWarnings } from '../../src/history/volume-store';
import { loadStep } from '../../src/pipeline/load-step';
import { volumeStep } from '../../src/pipeline/volume-step';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { writeMiniDataset } from '../support/mini-dataset';
import { testWarehouse } from '../support/test-warehouse';

const day = (index: number) => new Date(Date.UTC(2024, 0, 1 + index)).toISOString().slice(0, 10);

/**
 * `days` days of orders from Monday 2024-01-01: Philadelphia (s1) 3 a day, Brooklyn (s2) 2 a day,
 * none for `missing` (store, day index); items for the first `itemShare` of the orders only.
 */
function dataset(days: number, missing?: [string, number], itemShare = 1): { dir: string; orders: number } {
  const orders: string[] = [];
  for (let d = 0; d < days; d++) {
    for (const [store, perDay] of [
      ['s1', 3],
      ['s2', 2],
    ] as const) {
      if (missing?.[0] === store && missing[1] === d) continue;
      for (let n = 0; n < perDay; n++)
        orders.push(`${store}-${d}-${n},c1,${day(d)}T1${n}:00:00,${store},600,36,636`);
    }
  }
  const items = orders
    .slice(0, Math.floor(orders.length * itemShare))
    .map((o, i) => `i${i},${o.split(',')[0]},BEV-001`);
  const dir = writeMiniDataset({
    'raw_orders.csv': `id,customer,ordered_at,store_id,subtotal,tax_paid,order_total\n${orders.join('\n')}\n`,
    'raw_items.csv': `id,order_id,sku\n${items.join('\n')}\n`,
  });
  return { dir, orders: orders.length };
}

describe('volume checks against the run history (etl_meta, real PostgreSQL)', () => {
  let warehouse: Warehouse;
  let work: string;
  beforeEach(async () => {
    warehouse = await testWarehouse();
    work = await mkdtemp(join(tmpdir(), 'etl-volume-'));
  });
  afterEach(async () => {
    await warehouse?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const checkRun = async (dir: string) => {
    const recorder = await RunRecorder.start(warehouse, { command: 'run' });
    const load = await loadStep(warehouse, { dataDir: dir, outDir: join(work, 'target'), recorder });
    assert.ok(load.ok, JSON.stringify(load.results.map((r) => r.error)));
    const volume = await volumeStep(warehouse, { loads: load.results, recorder });
    assert.equal(volume.error, undefined);
    await recorder.finish({ exitCode: 0 });
    return { recorder, volume };
  };

  it('with too little history judges nothing and warns of nothing, but records the counts', async () => {
    const { recorder, volume } = await checkRun(dataset(14, ['s1', 10]).dir);
    assert.deepEqual(volume.warnings, []);
    assert.equal(volume.judged, 0);
    assert.equal(volume.previousRuns, 0);
    const counts = await warehouse.query<{ n: string }>(
      "select count(*) as n from etl_meta.volume_counts where run_id = $1 and table_name = 'raw_orders' and day is not null",
      [recorder.runId],
    );
    assert.equal(Number(counts.rows[0]?.n), 27, '14 days × 2 stores, less the missing one');
  });

  it('warns for the missing store-day and the items file with a third of its usual rows', async () => {
    const full = dataset(35);
    // planted history: three earlier successful runs whose items file had a row per order
    await ensureHistoryTables(warehouse);
    for (const [index, runId] of ['r1', 'r2', 'r3'].entries()) {
      await warehouse.query(
        `insert into etl_meta.runs (run_id, command, status, started_at, target)
         values ($1, 'run', 'success', $2, 'local')`,
        [runId, `2024-02-0${index + 1} 00:00:00`],
      );
      await warehouse.query(
        "insert into etl_meta.volume_counts values ($1, 'raw_items', null, null, $2), ($1, 'raw_orders', null, null, $2)",
        [runId, full.orders],
      );
    }
    const { recorder, volume } = await checkRun(dataset(35, ['s1', 31], 1 / 3).dir);

    assert.equal(volume.previousRuns, 3);
    assert.deepEqual(
      volume.warnings.map((w) => [w.table, w.storeId, w.day, w.rows]),
      [
        ['raw_items', null, null, Math.floor((full.orders - 3) / 3)],
        ['raw_orders', 's1', '2024-02-01', 0],
      ],
    );
    assert.match(
      volume.warnings[1]?.message as string,
      /raw_orders: 0 rows for store Philadelphia on 2024-02-01 \(a Thursday\)/,
    );
    const stored = await readVolumeWarnings(warehouse);
    assert.deepEqual(stored, await readVolumeWarnings(warehouse, recorder.runId));
    assert.deepEqual(
      stored.map((w) => [w.table, w.storeId, w.day, w.rows]).sort(),
      volume.warnings.map((w) => [w.table, w.storeId, w.day, w.rows]).sort(),
    );
  });
});
