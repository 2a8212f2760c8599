import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { kpiInsights } from '../../src/kpis/insights';
import type { NotebookDocument } from '../../src/notebooks';
import { listNotebooks, runNotebooks } from '../../src/notebooks';
import { readCsv } from '../support/read-csv';
import { requireDist } from '../support/require-dist';
import { TEST_WAREHOUSE_HOME, testConnection, testWarehouse } from '../support/test-warehouse';
import { referenceAnomalies } from '../support/upstream-anomalies';

const ROOT = resolve(__dirname, '../..');
const NOTEBOOKS = join(ROOT, 'notebooks');

/** Every output mime type of a notebook's code cells, and its stream text. */
function outputsOf(document: NotebookDocument) {
  const outputs = document.cells.flatMap((cell) => (cell.cell_type === 'code' ? cell.outputs : []));
  const mimes = new Set(
    outputs.flatMap((output) => ('data' in output && output.data ? Object.keys(output.data) : [])),
  );
  const text = outputs
    .map((output) =>
      'text' in output ? (Array.isArray(output.text) ? output.text.join('') : output.text) : '',
    )
    .join('');
  return { mimes, text };
}

describe('the workbook notebooks, executed headlessly by the real tslab kernel', function () {
  this.timeout(600_000);
  const outDir = mkdtempSync(join(tmpdir(), 'etl-workbook-notebooks-'));
  after(() => rmSync(outDir, { recursive: true, force: true }));

  it('are committed without outputs', async () => {
    for (const path of await listNotebooks(NOTEBOOKS)) {
      const document = JSON.parse(readFileSync(path, 'utf8')) as NotebookDocument;
      assert.deepEqual(outputsOf(document).mimes, new Set(), path);
      assert.equal(document.metadata.kernelspec?.name, 'tslab', path);
    }
  });

  describe('run on the local target (one run in a hook; its tests only read the executed copies)', () => {
    const localOut = join(outDir, 'local');
    const executed = join(localOut, 'notebooks');
    let runs: Awaited<ReturnType<typeof runNotebooks>>;
    const executedDocument = (name: string): NotebookDocument =>
      JSON.parse(readFileSync(join(executed, name), 'utf8'));

    before(async function () {
      // The notebooks import the compiled library, as a user's notebook does (npm test builds it first).
      requireDist(this, 'index.js');
      await testConnection(); // the notebooks find the test server running and use it
      runs = await runNotebooks(NOTEBOOKS, {
        outDir: executed,
        env: { ETL_WAREHOUSE_HOME: TEST_WAREHOUSE_HOME, ETL_OUT_DIR: localOut, ETL_TARGET: 'local' },
      });
    });

    it('run top to bottom in order, with charts (vega-lite + SVG) in the executed copies', async () => {
      const committed = (await listNotebooks(NOTEBOOKS)).map((path) => basename(path));
      assert.deepEqual(
        runs.map((run) => basename(run.notebook)),
        committed,
        'every committed notebook ran, in order',
      );
      for (const name of [
        '02-loading.ipynb',
        '03-transforming.ipynb',
        '04-kpi-analysis.ipynb',
        '05-what-changed.ipynb',
      ]) {
        assert.ok(committed.includes(name), `${name} is committed`);
      }
      for (const run of runs) {
        const { mimes } = outputsOf(JSON.parse(readFileSync(run.executedCopy, 'utf8')));
        assert.ok(mimes.has('image/svg+xml'), `${run.notebook} shows a drawing`);
        if (!run.notebook.endsWith('03-transforming.ipynb') && !run.notebook.includes('01-')) {
          assert.ok(
            mimes.has('application/vnd.vegalite.v5+json'),
            `${run.notebook} shows an interactive chart`,
          );
        }
      }
    });

    it('04 states the insights computed from the kpis.json the run wrote', () => {
      const kpis = JSON.parse(readFileSync(join(localOut, 'kpis.json'), 'utf8'));
      const insights = kpiInsights(kpis);
      assert.equal(insights.sentences.length, 6);
      const { text } = outputsOf(executedDocument('04-kpi-analysis.ipynb'));
      for (const sentence of insights.sentences) assert.ok(text.includes(sentence), `04 says: ${sentence}`);
    });

    it('02 shows the freshness and a volume warning for each store-day missing from the committed dataset', () => {
      // Oracle from the CSV files: a day without orders for a store that had orders on each of the
      // four same weekdays before it.
      const names = new Map(
        readCsv(join(ROOT, 'data', 'datasets', 'raw_stores.csv')).map((s) => [s.id, s.name]),
      );
      const days = new Map<string, Set<string>>();
      for (const order of readCsv(join(ROOT, 'data', 'datasets', 'raw_orders.csv'))) {
        const store = order.store_id as string;
        days.set(store, (days.get(store) ?? new Set()).add((order.ordered_at as string).slice(0, 10)));
      }
      const last = Math.max(...[...days.values()].flatMap((set) => [...set].map((d) => Date.parse(d))));
      const missing: string[] = [];
      for (const [store, set] of days) {
        const first = Math.min(...[...set].map((d) => Date.parse(d)));
        for (let t = first + 28 * 86_400_000; t <= last; t += 86_400_000) {
          const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
          const weeksBefore = [1, 2, 3, 4].every((w) => set.has(iso(t - w * 7 * 86_400_000)));
          if (!set.has(iso(t)) && weeksBefore) missing.push(`store ${names.get(store)} on ${iso(t)}`);
        }
      }
      assert.ok(missing.length > 0, 'the committed dataset has days without orders (Christmas Day)');
      const text = readFileSync(join(executed, '02-loading.ipynb'), 'utf8');
      assert.ok(text.includes('source.raw.raw_orders'), '02 shows the freshness of raw_orders');
      for (const day of missing) assert.ok(text.includes(day), `02 warns of ${day}`);
    });

    it('03 lists the data-quality warnings the committed dataset calls for, each with its test name', () => {
      const anomalies = referenceAnomalies(join(ROOT, 'data', 'datasets'));
      const expected = [
        ...(anomalies.ordersWithoutItems.length > 0
          ? ['assert_positive_order_totals', 'expression_is_true_fct_orders_item_count__item_count_0']
          : []),
        ...(anomalies.storesWithoutOrders.length > 0 ? ['assert_every_store_has_orders'] : []),
        ...(anomalies.customersWithoutOrders.length > 0 ? ['assert_every_customer_has_orders'] : []),
      ];
      assert.ok(expected.length > 0, 'the committed dataset has upstream quirks');
      const text = readFileSync(join(executed, '03-transforming.ipynb'), 'utf8');
      assert.ok(
        text.includes(`Data quality: ${expected.length} warnings`),
        'the table is titled with the count',
      );
      for (const test of expected) assert.ok(text.includes(test), `03 lists ${test}`);
    });
  });

  it('run against a postgres target (DATABASE_URL) too, and never show its password', async function () {
    requireDist(this, 'index.js');
    const database = await testWarehouse();
    try {
      const base = await testConnection();
      const url = `postgres://${base.user}:${encodeURIComponent(base.password)}@${base.host}:${base.port}/${database.database}`;
      const postgresOut = join(outDir, 'postgres');
      const runs = await runNotebooks(NOTEBOOKS, {
        outDir: join(postgresOut, 'notebooks'),
        env: { ETL_TARGET: 'postgres', DATABASE_URL: url, ETL_OUT_DIR: postgresOut },
      });
      assert.equal(runs.length, (await listNotebooks(NOTEBOOKS)).length, 'every notebook ran');
      const orders = await database.query<{ n: string }>('select count(*) as n from marts.fct_orders');
      assert.equal(
        Number(orders.rows[0]?.n),
        readCsv(join(ROOT, 'data', 'datasets', 'raw_orders.csv')).length,
        'the notebooks built the marts of the committed dataset in that database',
      );
      const texts = runs.map((run) => readFileSync(run.executedCopy, 'utf8'));
      for (const [index, text] of texts.entries()) {
        assert.ok(!text.includes(base.password), `${runs[index]?.notebook} shows the password`);
      }
      assert.ok(
        texts.some((text) => text.includes(`${base.host}:${base.port}/${database.database}`)),
        'a notebook names the (password-free) connection it used',
      );
    } finally {
      await database.close();
    }
  });
});
