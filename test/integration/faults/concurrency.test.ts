import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withRunLock } from '../../../src/warehouse/run-lock';
import type { Warehouse } from '../../../src/warehouse/warehouse';
import { writeMiniDataset } from '../../support/mini-dataset';
import {
  cli,
  cliBuilt,
  cliWarehouse,
  MART_TABLES,
  RAW_TABLES,
  readJson,
  snapshot,
  startCli,
  waitForOutput,
} from './fault-kit';

describe('faults: concurrent runs are serialized by the run lock; reads continue during a build', () => {
  let warehouse: Warehouse;
  let out: string;
  let mini: string;

  before(async function () {
    if (!cliBuilt()) this.skip();
    warehouse = await cliWarehouse();
    out = await mkdtemp(join(tmpdir(), 'etl-faults-concurrency-'));
    mini = writeMiniDataset();
    assert.equal(cli(['run', '--data', mini, '--out', out]).code, 0);
  });
  after(async () => {
    await warehouse?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  /** Holds the run lock as another writer (a notebook, another terminal) would, until `release` resolves. */
  function holdRunLock(): { held: Promise<void>; release: () => void; done: Promise<void> } {
    let release = () => {};
    let held = () => {};
    const heldPromise = new Promise<void>((r) => {
      held = r;
    });
    const done = withRunLock(warehouse, async () => {
      held();
      await new Promise<void>((r) => {
        release = r;
      });
    });
    return { held: heldPromise, release: () => release(), done };
  }

  it('a second writer waits with a "waiting for" message and writes nothing until the first is done', async () => {
    const lock = holdRunLock();
    await lock.held;
    const before = await snapshot(warehouse, RAW_TABLES);
    const other = writeMiniDataset({ 'raw_customers.csv': 'id,name\nc1,A\nc2,B\nc3,C\nc4,D\n' });
    const second = startCli(['load', '--data', other, '--out', out]);
    await waitForOutput(
      second.output,
      /Waiting for another run to finish \(backend \d+, .*connected since \d\d:\d\d:\d\d\)…/,
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(second.child.exitCode, null, 'still waiting');
    assert.deepEqual(await snapshot(warehouse, RAW_TABLES), before, 'nothing written while the lock is held');
    lock.release();
    await lock.done;
    const outcome = await second.done;
    assert.equal(outcome.code, 0, outcome.output);
    const customers = await warehouse.query('select count(*)::int as n from raw.raw_customers');
    assert.equal(customers.rows[0]?.n, 4);
    assert.equal(cli(['load', '--data', mini, '--out', out]).code, 0);
  });

  it('--no-wait fails at once with a clear message, exit 1, nothing written', async () => {
    const lock = holdRunLock();
    await lock.held;
    try {
      const before = await snapshot(warehouse, RAW_TABLES);
      const { code, stderr } = cli(['run', '--data', mini, '--out', out, '--no-wait']);
      assert.equal(code, 1);
      assert.match(
        stderr,
        /Another etl-workbook run \(backend \d+.*\) is writing to local embedded PostgreSQL at 127\.0\.0\.1:\d+\/warehouse\. Wait for it to finish, or run again without --no-wait/,
      );
      assert.deepEqual(await snapshot(warehouse, RAW_TABLES), before);
    } finally {
      lock.release();
      await lock.done;
    }
  });

  it('two CLI runs at once: the second queues behind the first, both succeed, the result is a clean run', async () => {
    const clean = await snapshot(warehouse, [...RAW_TABLES, ...MART_TABLES]);
    const outA = join(out, 'a');
    const outB = join(out, 'b');
    const first = startCli(['run', '--data', mini, '--out', outA]);
    await waitForLockHolder(warehouse);
    const second = startCli(['run', '--data', mini, '--out', outB]);
    const [a, b] = await Promise.all([first.done, second.done]);
    assert.equal(a.code, 0, a.output);
    assert.equal(b.code, 0, b.output);
    assert.match(b.stderr, /Waiting for another run to finish/);
    const firstRun = readJson<{ metadata: { generated_at: string } }>(join(outA, 'kpis.json'));
    const secondLoad = readJson<{ metadata: { generated_at: string }; elapsed_time: number }>(
      join(outB, 'load_results.json'),
    );
    const secondLoadStarted = Date.parse(secondLoad.metadata.generated_at) - secondLoad.elapsed_time * 1000;
    assert.ok(
      secondLoadStarted >= Date.parse(firstRun.metadata.generated_at) - 5,
      'the second load started after the first run had computed its KPIs: never interleaved',
    );
    assert.deepEqual(await snapshot(warehouse, [...RAW_TABLES, ...MART_TABLES]), clean);
  });

  it('reads (KPI queries) keep working while a build swaps the marts', async () => {
    const build = startCli(['build', '--out', out]);
    let reads = 0;
    const failures: string[] = [];
    while (build.child.exitCode === null) {
      try {
        const result = await warehouse.query<{ revenue: string }>(
          'select sum(subtotal) as revenue from marts.fct_orders join marts.dim_stores using (store_id)',
        );
        assert.equal(result.rows[0]?.revenue, '40.00');
        reads++;
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    const outcome = await build.done;
    assert.equal(outcome.code, 0, outcome.output);
    assert.deepEqual(failures, [], 'no read failed during the build');
    assert.ok(reads > 5, `reads went on during the build (${reads})`);
  });
});

/** Waits until some etl-workbook process holds the run lock (an advisory lock). */
async function waitForLockHolder(warehouse: Warehouse): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const held = await warehouse.query(
      "select 1 from pg_locks l join pg_stat_activity a using (pid) where l.locktype = 'advisory' and l.granted and a.application_name like 'etl-workbook:%'",
    );
    if (held.rowCount > 0) return;
    if (Date.now() > deadline) throw new Error('no run took the run lock');
    await new Promise((r) => setTimeout(r, 10));
  }
}
