import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDataset } from '../../src/generate';
import { listRuns, type RunLoad, readRun } from '../../src/history/list-runs';
import { RunRecorder } from '../../src/history/run-recorder';
import { loadStep } from '../../src/pipeline/load-step';
import { recordedRun } from '../../src/pipeline/recorded-run';
import { pipelineOutcome, runPipeline } from '../../src/pipeline/run-pipeline';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { MINI_DATASET, writeMiniDataset } from '../support/mini-dataset';
import { readCsv } from '../support/read-csv';
import { referenceKpis } from '../support/reference-kpis';
import { requireDist } from '../support/require-dist';
import { testConnection, testWarehouse } from '../support/test-warehouse';

const ROOT = resolve(__dirname, '../..');
const PROJECT = join(ROOT, 'sql');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('run history (etl_meta)', () => {
  let warehouse: Warehouse & { database: string };
  let work: string;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'etl-history-'));
  });
  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });
  // A fresh database per test: each records the runs it reads, whatever ran before it.
  beforeEach(async () => {
    warehouse = await testWarehouse();
  });
  afterEach(async () => {
    await warehouse?.close();
  });

  const run = (dataDir: string, outDir = join(work, 'target')) =>
    recordedRun(
      warehouse,
      { command: 'run', dataDir, projectDir: PROJECT },
      (recorder) => runPipeline(warehouse, { dataDir, projectDir: PROJECT, outDir, recorder }),
      pipelineOutcome,
    );

  it('records two runs, newest first, with each file’s sha256, bytes and rows, and the KPI values', async () => {
    const first = writeMiniDataset();
    const second = writeMiniDataset({
      'raw_orders.csv': `${MINI_DATASET['raw_orders.csv']}o4,c3,2024-03-06T10:00:00,s2,600,24,624\n`,
      'raw_items.csv': `${MINI_DATASET['raw_items.csv']}i6,o4,BEV-001\n`,
    });
    assert.ok((await run(first)).ok);
    assert.ok((await run(second)).ok);

    const runs = await listRuns(warehouse);
    assert.equal(runs.length, 2);
    assert.deepEqual(
      runs.map((r) => [r.command, r.status, r.exitCode, r.dataDir]),
      [
        ['run', 'success', 0, second],
        ['run', 'success', 0, first],
      ],
    );
    const [newer, older] = runs;
    assert.ok(newer && older);
    assert.ok(newer.startedAt >= older.startedAt);
    assert.match(newer.projectChecksum ?? '', /^[0-9a-f]{64}$/);
    assert.equal(newer.projectChecksum, older.projectChecksum, 'same project, same checksum');
    assert.equal(newer.rowsLoaded, older.rowsLoaded + 2);

    const detail = await readRun(warehouse, newer.runId);
    assert.ok(detail);
    for (const file of Object.keys(MINI_DATASET)) {
      const table = `raw.${file.replace('.csv', '')}`;
      const load: RunLoad | undefined = detail.loads.find((l) => l.table === table);
      assert.ok(load, table);
      assert.equal(load.sha256, sha256(join(second, file)), table);
      assert.equal(load.bytes, readFileSync(join(second, file)).length, table);
      assert.equal(load.rows, readCsv(join(second, file)).length, table);
      assert.equal(load.status, 'success');
    }
    const expected = referenceKpis(second);
    for (const [name, value] of Object.entries(expected)) {
      assert.deepEqual(detail.kpis[name], Array.isArray(value) ? value : [value], name);
    }
    assert.ok(detail.nodes.some((n) => n.resourceType === 'model' && n.status === 'success'));
    assert.ok(detail.nodes.some((n) => n.resourceType === 'test'));
  });

  it('records a failed load as an error run, with the bad table’s error and the good tables’ rows', async () => {
    const bad = writeMiniDataset({
      'raw_orders.csv':
        'id,customer,ordered_at,store_id,subtotal,tax_paid,order_total\no1,c1,2024-13-45T08:00:00,s1,1700,102,1802\n',
    });
    const result = await run(bad);
    assert.equal(result.ok, false);
    const [latest] = await listRuns(warehouse, { limit: 1 });
    assert.ok(latest);
    assert.equal(latest.status, 'error');
    assert.equal(latest.exitCode, 1);
    assert.match(latest.message ?? '', /raw\.raw_orders/);
    const detail = await readRun(warehouse, latest.runId);
    const orders = detail?.loads.find((l) => l.table === 'raw.raw_orders');
    assert.equal(orders?.status, 'error');
    assert.match(orders?.error ?? '', /raw_orders\.csv:2/);
    assert.equal(detail?.loads.filter((l) => l.status === 'success').length, 5);
  });

  it('writes a load’s row inside the load’s transaction: a failure before COMMIT leaves neither', async () => {
    assert.ok((await run(writeMiniDataset())).ok, 'the previous rows');
    const before = await warehouse.query<{ n: string }>('select count(*) as n from raw.raw_items');
    const miniItems = (MINI_DATASET['raw_items.csv'] ?? '').trim().split('\n').length - 1;
    assert.equal(Number(before.rows[0]?.n), miniItems);
    const dataDir = writeMiniDataset({ 'raw_items.csv': 'id,order_id,sku\ni1,o1,JAF-001\n' });
    const recorder = await RunRecorder.start(warehouse, { command: 'load' });
    const results = await loadStep(warehouse, {
      dataDir,
      outDir: join(work, 'target-tx'),
      tables: ['raw_items'],
      recorder: Object.assign(Object.create(recorder), {
        // The history row is written, then the process "dies" before COMMIT.
        recordLoadIn: async (...args: Parameters<RunRecorder['recordLoadIn']>) => {
          await recorder.recordLoadIn(...args);
          throw new Error('killed after writing the history row');
        },
      }),
    });
    assert.equal(results.ok, false);
    const after = await warehouse.query<{ n: string }>('select count(*) as n from raw.raw_items');
    assert.equal(after.rows[0]?.n, before.rows[0]?.n, 'the table keeps its previous rows');
    const rows = await warehouse.query<{ status: string }>(
      'select status from etl_meta.loads where run_id = $1',
      [recorder.runId],
    );
    assert.deepEqual(
      rows.rows.map((r) => r.status),
      ['error'],
      'only the error row written after the rollback',
    );
  });

  it('`etl-workbook history` lists the recorded runs as text and as JSON', async function () {
    requireDist(this, 'cli/main.js');
    const base = await testConnection();
    const env = {
      ...process.env,
      CI: 'true',
      DATABASE_URL: `postgres://${base.user}:${encodeURIComponent(base.password)}@${base.host}:${base.port}/${warehouse.database}`,
    };
    const history = (args: string[]) =>
      spawnSync(
        process.execPath,
        [join(ROOT, 'bin', 'etl-workbook.js'), 'history', '--target', 'postgres', ...args],
        {
          cwd: ROOT,
          env,
          encoding: 'utf8',
        },
      );
    assert.ok((await run(writeMiniDataset())).ok);
    assert.equal((await run(writeMiniDataset({ 'raw_orders.csv': 'id\n' }))).ok, false);
    const expected = await listRuns(warehouse, { limit: 2 });
    assert.deepEqual(
      expected.map((r) => r.status),
      ['error', 'success'],
    );
    const json = history(['--json', '--limit', '2']);
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout).runs, expected);
    const text = history([]);
    assert.equal(text.status, 0, text.stderr);
    for (const run of expected)
      assert.match(text.stdout, new RegExp(`${run.runId}  ${run.command} +${run.status}`));
    assert.doesNotMatch(text.stdout + text.stderr, new RegExp(base.password));
    const bad = history(['--limit', '0']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--limit must be a positive whole number/);
  });

  it('leaves a killed CLI run "running" (never success), with only the loads that committed', async function () {
    requireDist(this, 'cli/main.js');
    const killed = await testWarehouse();
    try {
      const base = await testConnection();
      const dataDir = join(work, 'quarter');
      await generateDataset({ years: 0.25, seed: 3, out: dataDir });
      const child = spawn(
        process.execPath,
        [
          join(ROOT, 'bin', 'etl-workbook.js'),
          'run',
          '--target',
          'postgres',
          '--data',
          dataDir,
          '--out',
          join(work, 'killed'),
        ],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            CI: 'true',
            DATABASE_URL: `postgres://${base.user}:${encodeURIComponent(base.password)}@${base.host}:${base.port}/${killed.database}`,
          },
          stdio: 'ignore',
        },
      );
      const exited = new Promise((done) => child.on('exit', done));
      // Kill it once its run row exists and at least one table has committed, mid-pipeline.
      for (let polls = 0; ; polls++) {
        assert.ok(polls < 600, 'the CLI never recorded a load');
        const loaded = await killed
          .query<{ n: string }>('select count(*) as n from etl_meta.loads')
          .catch(() => ({ rows: [{ n: '0' }] }));
        if (Number(loaded.rows[0]?.n) > 0) break;
        await new Promise((wait) => setTimeout(wait, 25));
      }
      child.kill('SIGKILL');
      await exited;
      const runs = await listRuns(killed);
      assert.equal(runs.length, 1);
      const [run] = runs;
      assert.ok(run);
      assert.equal(run.status, 'running');
      assert.equal(run.finishedAt, null);
      const detail = await readRun(killed, run.runId);
      for (const load of detail?.loads ?? []) {
        const count = await killed.query<{ n: string }>(`select count(*) as n from ${load.table}`);
        assert.equal(Number(count.rows[0]?.n), load.rows, `${load.table} holds what its history row says`);
      }
    } finally {
      await killed.close();
    }
  });
});
