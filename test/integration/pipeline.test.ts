import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDataset } from '../../src/generate';
import { runPipeline } from '../../src/pipeline/run-pipeline';
import { WARN_ERROR_ALL } from '../../src/runner/warn-error';
import { MINI_DATASET, writeMiniDataset } from '../support/mini-dataset';
import { referenceKpis } from '../support/reference-kpis';
import { testWarehouse } from '../support/test-warehouse';
import { referenceAnomalies } from '../support/upstream-anomalies';

const PROJECT = resolve(__dirname, '../../sql');

/** A fresh database and output folder (under `work`), with the pipeline run once over `dataDir`. */
async function builtPipeline(dataDir: string, work: string) {
  const warehouse = await testWarehouse();
  const outDir = await mkdtemp(join(work, 'target-'));
  const result = await runPipeline(warehouse, { dataDir, projectDir: PROJECT, outDir });
  assert.ok(result.ok, `the setup run failed: ${result.stoppedBecause}`);
  return { warehouse, outDir, result };
}

type BuiltPipeline = Awaited<ReturnType<typeof builtPipeline>>;

describe('the whole pipeline (generated dataset → embedded PostgreSQL → marts → KPIs)', () => {
  let work: string;
  let dataDir: string;

  // The generated CSVs are read-only input; every test reads a run made for it in a hook, never
  // the database or files another test left behind.
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'etl-pipeline-'));
    dataDir = join(work, 'data');
    await generateDataset({ years: 0.25, seed: 7, out: dataDir });
  });
  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  describe('one clean run (its tests only read it)', () => {
    let built: BuiltPipeline;
    before(async () => {
      built = await builtPipeline(dataDir, work);
    });
    after(async () => {
      await built?.warehouse.close();
    });

    it('loads, builds every model, fails no data test, warns as the CSVs predict and writes all artifacts', () => {
      const { result, outDir } = built;
      assert.equal(result.stoppedBecause, undefined);
      assert.deepEqual(
        result.load.results.map((r) => r.status),
        Array(6).fill('success'),
      );
      const failed =
        result.build?.run.results.filter((r) => r.status !== 'success' && r.status !== 'warn') ?? [];
      assert.deepEqual(failed, [], failed.map((r) => r.message).join('\n'));
      // The generator's upstream quirks: orders without items and stores listed before they open.
      const anomalies = referenceAnomalies(dataDir);
      assert.ok(anomalies.ordersWithoutItems.length > 0 && anomalies.storesWithoutOrders.length > 0);
      const warned = Object.fromEntries(
        (result.build?.run.results ?? []).filter((r) => r.status === 'warn').map((r) => [r.name, r.failures]),
      );
      assert.deepEqual(warned, {
        assert_positive_order_totals: anomalies.ordersWithoutItems.length,
        expression_is_true_fct_orders_item_count__item_count_0: anomalies.ordersWithoutItems.length,
        assert_every_store_has_orders: anomalies.storesWithoutOrders.length,
      });
      for (const file of ['load_results.json', 'run_results.json', 'manifest.json', 'kpis.json']) {
        const artifact = JSON.parse(readFileSync(join(outDir, file), 'utf8'));
        assert.equal(typeof artifact.metadata?.schema_version, 'number', `${file} names its schema`);
      }
      assert.match(readFileSync(join(outDir, 'report.html'), 'utf8'), /^<!doctype html>/i);
    });

    it('writes KPI values equal to the totals computed independently from the CSV files', () => {
      const written = JSON.parse(readFileSync(join(built.outDir, 'kpis.json'), 'utf8'));
      const expected = referenceKpis(dataDir);
      assert.deepEqual(Object.keys(written.kpis).sort(), Object.keys(expected).sort());
      for (const name of Object.keys(expected)) assert.deepEqual(written.kpis[name], expected[name], name);
    });

    it('counts each order once in the order-grain fact and each item once in the item-grain fact', async () => {
      const counts = await built.warehouse.query<{ orders: string; items: string }>(
        'select (select count(*) from marts.fct_orders) as orders, (select count(*) from marts.fct_order_items) as items',
      );
      // The expected counts come from the CSV files (data rows), not from the raw tables.
      const dataRows = (file: string) =>
        readFileSync(join(dataDir, file), 'utf8').split(/\r?\n/).filter(Boolean).length - 1;
      assert.deepEqual(counts.rows[0], {
        orders: String(dataRows('raw_orders.csv')),
        items: String(dataRows('raw_items.csv')),
      });
    });
  });

  it('stops before the build when a file fails to load, and keeps the previous tables and KPIs', async () => {
    const previous = writeMiniDataset();
    const { warehouse, outDir } = await builtPipeline(previous, work);
    const bad = writeMiniDataset({
      'raw_orders.csv':
        'id,customer,ordered_at,store_id,subtotal,tax_paid,order_total\no1,c1,2024-13-45T08:00:00,s1,1700,102,1802\n',
    });
    try {
      const before = readFileSync(join(outDir, 'kpis.json'), 'utf8');
      const result = await runPipeline(warehouse, { dataDir: bad, projectDir: PROJECT, outDir });
      assert.equal(result.ok, false);
      assert.equal(result.build, undefined);
      assert.match(result.stoppedBecause ?? '', /raw_orders/);
      const failed = result.load.results.find((r) => r.status === 'error');
      assert.equal(failed?.error?.line, 2);
      assert.equal(failed?.error?.column, 7, 'the column as an editor counts it: where ordered_at starts');
      assert.equal(failed?.error?.field, 'ordered_at');
      assert.equal(readFileSync(join(outDir, 'kpis.json'), 'utf8'), before);
      const orders = await warehouse.query<{ ids: string }>(
        "select string_agg(id, ',' order by id) as ids from raw.raw_orders",
      );
      const previousIds = (MINI_DATASET['raw_orders.csv'] ?? '')
        .split('\n')
        .slice(1, -1)
        .map((line) => line.split(',')[0]);
      assert.equal(orders.rows[0]?.ids, previousIds.join(','), 'raw_orders kept its previous rows');
    } finally {
      await warehouse.close();
      await rm(previous, { recursive: true, force: true });
      await rm(bad, { recursive: true, force: true });
    }
  });

  it('a model that does not compile fails the run once the load has run (the compile runs beside the load)', async () => {
    const mini = writeMiniDataset();
    const project = await mkdtemp(join(work, 'broken-project-'));
    await cp(PROJECT, project, { recursive: true });
    await writeFile(join(project, 'marts', 'fct_broken.sql'), "select * from {{ ref('no_such_model') }}\n");
    const warehouse = await testWarehouse();
    const outDir = await mkdtemp(join(work, 'target-'));
    try {
      await assert.rejects(
        runPipeline(warehouse, { dataDir: mini, projectDir: project, outDir }),
        /fct_broken[\s\S]*no_such_model/,
      );
      // The load ran to its end first: the raw tables hold the mini dataset's orders.
      const orders = await warehouse.query<{ n: number }>('select count(*)::int as n from raw.raw_orders');
      const expected = (MINI_DATASET['raw_orders.csv'] ?? '').trim().split('\n').length - 1;
      assert.equal(orders.rows[0]?.n, expected);
      assert.ok(existsSync(join(outDir, 'load_results.json')));
      assert.equal(existsSync(join(outDir, 'run_results.json')), false, 'nothing was built');
    } finally {
      await warehouse.close();
      await rm(mini, { recursive: true, force: true });
    }
  });

  it('with --warn-error, the warnings fail, fct_orders keeps its rows and the KPIs are not written', async () => {
    const { warehouse } = await builtPipeline(dataDir, work);
    try {
      const strictOut = join(work, 'strict-target');
      const before = await warehouse.query<{ n: string }>('select count(*) as n from marts.fct_orders');
      const result = await runPipeline(warehouse, {
        dataDir,
        projectDir: PROJECT,
        outDir: strictOut,
        warnError: WARN_ERROR_ALL,
      });
      assert.equal(result.ok, false);
      assert.equal(result.kpis, undefined);
      assert.ok(!existsSync(join(strictOut, 'kpis.json')));
      const byName = new Map((result.build?.run.results ?? []).map((r) => [r.name, r]));
      assert.equal(byName.get('expression_is_true_fct_orders_item_count__item_count_0')?.status, 'fail');
      assert.equal(
        byName.get('assert_every_store_has_orders')?.status,
        'skipped',
        'dim_stores reads fct_orders',
      );
      assert.equal(byName.get('fct_orders')?.status, 'error', 'the promoted guard refused the swap');
      assert.ok(!(result.build?.run.results ?? []).some((r) => r.status === 'warn'));
      const after = await warehouse.query<{ n: string }>('select count(*) as n from marts.fct_orders');
      assert.equal(after.rows[0]?.n, before.rows[0]?.n);
    } finally {
      await warehouse.close();
    }
  });

  it('runs the KPIs of the mini dataset to the hand-computed values', async () => {
    const mini = writeMiniDataset();
    const { warehouse, result } = await builtPipeline(mini, work);
    try {
      const kpis = result.kpis?.kpis ?? {};
      // o1 1700 + o2 1100 at s1 (6%), o3 1200 at s2 (4%).
      assert.deepEqual(kpis.store_performance, [
        {
          store: 'Philadelphia',
          orders: 2,
          revenue: 28,
          avg_order_value: 14,
          tax_rate: 0.06,
          effective_tax_rate: 0.06,
        },
        {
          store: 'Brooklyn',
          orders: 1,
          revenue: 12,
          avg_order_value: 12,
          tax_rate: 0.04,
          effective_tax_rate: 0.04,
        },
      ]);
      // Items: JAF ×2 (perishable 33, non 27 each), BEV ×3 (perishable 150, non 27 each).
      assert.deepEqual(kpis.supply_cost, {
        perishable_supply_cost: 5.16,
        non_perishable_supply_cost: 1.35,
        perishable_share: 0.7926,
      });
      assert.deepEqual(kpis.customer_summary, {
        customers: 2,
        repeat_customers: 1,
        repeat_rate: 0.5,
        avg_lifetime_spend: 21.08,
        avg_order_value: 13.33,
      });
    } finally {
      await warehouse.close();
      await rm(mini, { recursive: true, force: true });
    }
  });
});
