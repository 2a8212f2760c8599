import { strict as assert } from 'node:assert';
import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type EmbeddedConnection, EmbeddedServer } from '../../../src/warehouse/embedded-server';
import type { Warehouse } from '../../../src/warehouse/warehouse';
import { writeMiniDataset } from '../../support/mini-dataset';
import { TEST_WAREHOUSE_HOME } from '../../support/test-warehouse';
import { cli, cliBuilt, cliWarehouse, MART_TABLES, RAW_TABLES, ROOT, snapshot, startCli } from './fault-kit';

/** The committed one-year dataset: large enough (34k items) that a load or a build takes a while. */
const YEAR = join(ROOT, 'data', 'datasets');

/**
 * Crashes need a server of their own (one is killed here), away from the shared test server.
 * Polls pg_stat_activity until a backend of an etl-workbook process runs a statement matching
 * `pattern`: the moment to kill it, with no hook in the code under test.
 */
async function waitForStatement(
  connection: EmbeddedConnection,
  pattern: string,
  timeoutMs = 60_000,
): Promise<string> {
  const client = new Client({ ...connection, application_name: 'fault-watcher' });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await client.query<{ query: string }>(
        "select query from pg_stat_activity where application_name like 'etl-workbook:%' and state = 'active' and query ilike $1 limit 1",
        [pattern],
      );
      if (found.rows[0]) return found.rows[0].query;
      if (Date.now() > deadline)
        throw new Error(`No etl-workbook statement like ${pattern} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await client.end();
  }
}

/** Every relation holds one of the versions given (old or new), never something else. */
function assertOneOf(state: Record<string, string>, ...versions: Record<string, string>[]): void {
  for (const [relation, value] of Object.entries(state)) {
    assert.ok(
      versions.some((version) => version[relation] === value),
      `${relation} is ${value}, neither ${versions.map((v) => v[relation]).join(' nor ')}`,
    );
  }
}

describe('faults: crashes (SIGKILL mid-load and mid-build, SIGINT, the server killed under the run)', () => {
  const home = `${TEST_WAREHOUSE_HOME}-crash`;
  const env = { ETL_WAREHOUSE_HOME: home };
  const server = new EmbeddedServer(home);
  let connection: EmbeddedConnection;
  let warehouse: Warehouse;
  let out: string;
  let mini: string;

  before(async function () {
    if (!cliBuilt()) this.skip();
    connection = (await server.ensure()).connection;
    warehouse = await cliWarehouse(connection);
    out = await mkdtemp(join(tmpdir(), 'etl-faults-crash-'));
    mini = writeMiniDataset();
  });
  after(async () => {
    await warehouse?.close();
    await server.stop().catch(() => {});
    if (out) await rm(out, { recursive: true, force: true });
  });

  /** Each test starts from the state it names, made by the CLI itself: never another test's leftovers. */
  const completed = (args: string[]) => {
    const outcome = cli([...args, '--out', out], env);
    assert.equal(outcome.code, 0, outcome.output);
  };

  it('SIGKILL in the middle of a load: every raw table is old or new, never partial; the rerun completes', async () => {
    completed(['load', '--data', mini]);
    const small = await snapshot(warehouse, RAW_TABLES);
    const run = startCli(['load', '--data', YEAR, '--out', out], env);
    await waitForStatement(connection, 'copy "raw"."raw_items"%');
    run.child.kill('SIGKILL');
    const killed = await run.done;
    assert.equal(killed.signal, 'SIGKILL', killed.output);
    const afterKill = await snapshot(warehouse, RAW_TABLES);
    completed(['load', '--data', YEAR]);
    const year = await snapshot(warehouse, RAW_TABLES);
    assert.notDeepEqual(year, small);
    assertOneOf(afterKill, small, year);
  });

  it('SIGKILL in the middle of a build: every mart is old or new, no leftovers; the rerun completes', async () => {
    // Marts of the mini dataset, raw tables of the year: the build to kill takes a while.
    completed(['run', '--data', mini]);
    const smallMarts = await snapshot(warehouse, MART_TABLES);
    completed(['load', '--data', YEAR]);
    const run = startCli(['build', '--out', out], env);
    await waitForStatement(connection, 'create table "marts".%__etl_new%');
    run.child.kill('SIGKILL');
    assert.equal((await run.done).signal, 'SIGKILL');
    const afterKill = await snapshot(warehouse, MART_TABLES);
    completed(['build']);
    const rebuilt = await snapshot(warehouse, MART_TABLES);
    assert.notDeepEqual(rebuilt, smallMarts);
    assertOneOf(afterKill, smallMarts, rebuilt);
    const leftovers = await warehouse.query(
      "select tablename from pg_tables where tablename like '%etl_new'",
    );
    assert.deepEqual(leftovers.rows, [], 'the rerun removed the half-built tables');
  });

  it('SIGINT (Ctrl-C) mid-load: exit 130, the load rolled back, the server it started stopped', async () => {
    completed(['load', '--data', YEAR]);
    const year = await snapshot(warehouse, RAW_TABLES);
    await server.stop();
    const changed = await longItemsDataset();
    const run = startCli(['load', '--data', changed, '--out', out], env);
    const started = await waitForRunningServer(server);
    await waitForStatement(started, 'copy "raw"."raw_items"%');
    run.child.kill('SIGINT');
    const interrupted = await run.done;
    assert.equal(interrupted.code, 130, interrupted.output);
    assert.match(interrupted.stderr, /SIGINT received: rolling back the work in flight and stopping/);
    assert.equal((await server.status()).running, false, 'the server the command started is stopped');
    connection = (await server.ensure()).connection;
    await warehouse.close();
    warehouse = await cliWarehouse(connection);
    assert.deepEqual(
      await snapshot(warehouse, RAW_TABLES),
      year,
      'every raw table as before the interrupted load',
    );
    await rm(changed, { recursive: true, force: true });
  });

  it('the server killed under a run: a clear error, no hang; the next run starts a fresh server', async () => {
    completed(['load', '--data', YEAR]);
    const year = await snapshot(warehouse, RAW_TABLES);
    const changed = await longItemsDataset();
    const run = startCli(['load', '--data', changed, '--out', out], env);
    await waitForStatement(connection, 'copy "raw"."raw_items"%');
    const status = await server.status();
    assert.ok(status.pid);
    process.kill(status.pid, 'SIGKILL');
    const failed = await run.done;
    assert.equal(failed.code, 1, failed.output);
    assert.match(
      failed.stdout,
      /the warehouse connection was lost while loading raw\.raw_\w+ \(.+\)\. Nothing was committed/,
    );
    assert.doesNotMatch(failed.stdout, /Fix the file/);
    completed(['load', '--data', YEAR]);
    connection = (await server.ensure()).connection;
    await warehouse.close();
    warehouse = await cliWarehouse(connection);
    assert.deepEqual(await snapshot(warehouse, RAW_TABLES), year);
    await rm(changed, { recursive: true, force: true });
  });
});

/**
 * The committed dataset with 400,000 more item rows: the loader copies the largest file first and
 * at once, so the year's items alone can be copied before the watcher has even connected (seen in
 * CI); these rows keep raw_items' COPY running long enough to be caught.
 */
async function longItemsDataset(): Promise<string> {
  const changed = await mkdtemp(join(tmpdir(), 'etl-faults-changed-'));
  cpSync(YEAR, changed, { recursive: true });
  const file = join(changed, 'raw_items.csv');
  // The same line ending as the file (the committed dataset has the upstream extracts' CRLF).
  const eol = readFileSync(file, 'latin1').includes('\r\n') ? '\r\n' : '\n';
  const rows = Array.from(
    { length: 400_000 },
    (_, i) => `extra-item-${i},extra-order-${i % 997},JAF-001${eol}`,
  );
  appendFileSync(file, rows.join(''));
  return changed;
}

/** Waits until the embedded server of `home` runs (a child process is starting it). */
async function waitForRunningServer(server: EmbeddedServer): Promise<EmbeddedConnection> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await server.status();
    if (status.running) return (await server.ensure()).connection;
    if (Date.now() > deadline) throw new Error('the embedded server did not start');
    await new Promise((r) => setTimeout(r, 20));
  }
}
