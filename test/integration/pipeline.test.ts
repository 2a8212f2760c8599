import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDataset } from '../../src/generate';
import { runPipeline } from '../../src/pipeline/run-pipeline';
import { WARN_ERROR_ALL } from '../../src/runner/warn-error';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { writeMiniDataset } from '../support/mini-dataset';
import { referenceKpis } from '../support/reference-kpis';
import { testWarehouse } from '../support/test-warehouse';
import { referenceAnomalies } from '../support/upstream-anomalies';

const PROJECT = resolve(__dirname, '../../sql');

describe('the whole pipeline (generated dataset → embedded PostgreSQL → marts → KPIs)', () => {
  let warehouse: Warehouse;
  let dataDir: string;
  let outDir: string;

  before(async () => {
    warehouse = await testWarehouse();
    const work = await mkdtemp(join(tmpdir(), 'etl-pipeline-'));
    dataDir = join(work, 'data');
    outDir = join(work, 'target');
    await generateDataset({ years: 0.25, seed: 7, out: dataDir });
  });
  after(async () => {
    await warehouse?.close();
    if (dataDir) await rm(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('loads, builds every model, fails no data test, warns as the CSVs predict and writes all artifacts', async () => {
    const result = await runPipeline(warehouse, { dataDir, projectDir: PROJECT, outDir });
    assert.equal(result.stoppedBecause, undefined);
    assert.ok(result.ok);
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
    for (const file of [
      'load_results.json',
      'run_results.json',
      'manifest.json',
      'kpis.json',
      'report.html',
    ]) {
      assert.ok(readFileSync(join(outDir, file)).length > 0, file);
    }
  });

  it('writes KPI values equal to the totals computed independently from the CSV files', () => {
    const written = JSON.parse(readFileSync(join(outDir, 'kpis.json'), 'utf8'));
    const expected = referenceKpis(dataDir);
    assert.deepEqual(Object.keys(written.kpis).sort(), Object.keys(expected).sort());
    for (const name of Object.keys(expected)) assert.deepEqual(written.kpis[name], expected[name], name);
  });

  it('counts each order once in the order-grain fact and each item once in the item-grain fact', async () => {
    const counts = await warehouse.query<{
      orders: string;
      items: string;
      raw_orders: string;
      raw_items: string;
    }>(
      `select (select count(*) from marts.fct_orders) as orders, (select count(*) from marts.fct_order_items) as items,
              (select count(*) from raw.raw_orders) as raw_orders, (select count(*) from raw.raw_items) as raw_items`,
    );
    const row = counts.rows[0];
    assert.equal(row.orders, row.raw_orders);
    assert.equal(row.items, row.raw_items);
  });

  it('stops before the build when a file fails to load, and keeps the previous tables and KPIs', async () => {
    const bad = writeMiniDataset({
      'raw_orders.csv':
        'id,customer,ordered_at,store_id,subtotal,tax_paid,order_total\no1,c1,2024-13-45T08:00:00,s1,1700,102,1802\n',
    });
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
    const orders = await warehouse.query<{ n: string }>('select count(*) as n from raw.raw_orders');
    assert.ok(Number(orders.rows[0].n) > 1, 'raw_orders kept its previous rows');
    await rm(bad, { recursive: true, force: true });
  });

  it('with --warn-error, the warnings fail, fct_orders keeps its rows and the KPIs are not written', async () => {
    const strictOut = join(dataDir, '..', 'strict-target');
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
    assert.equal(after.rows[0].n, before.rows[0].n);
  });

  it('runs the KPIs of the mini dataset to the hand-computed values', async () => {
    const mini = writeMiniDataset();
    const result = await runPipeline(warehouse, { dataDir: mini, projectDir: PROJECT, outDir });
    assert.ok(result.ok, result.stoppedBecause);
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
    await rm(mini, { recursive: true, force: true });
  });
});
