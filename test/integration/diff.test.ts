import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Attribution } from '../../src/diff/attribution';
import { keepState } from '../../src/diff/kept-state';
import { runDiff } from '../../src/diff/run-diff';
import { perishableMarginProject, withoutMonthsFrom } from '../../src/diff/worked-example';
import { generateDataset } from '../../src/generate';
import { buildStep } from '../../src/pipeline/build-step';
import { kpiStep } from '../../src/pipeline/kpi-step';
import { loadStep } from '../../src/pipeline/load-step';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { referenceHeadlines } from '../support/reference-headlines';
import { testWarehouse } from '../support/test-warehouse';

const PROJECT = resolve(__dirname, '../../sql');

/** load → build (seeds and models) → KPIs, as `run` does, on one data set with one code. */
async function runOn(warehouse: Warehouse, dataDir: string, projectDir: string, outDir: string) {
  const load = await loadStep(warehouse, { dataDir, outDir });
  assert.ok(load.ok, 'load');
  const build = await buildStep(warehouse, { projectDir, outDir, resourceTypes: ['seed', 'model'] });
  assert.ok(build.run.ok, build.run.results.map((r) => r.message).join('\n'));
  await kpiStep(warehouse, { projectDir, outDir, project: build.project });
  return build.project;
}

const find = (kpis: Attribution[], kpi: string, row: string, column: string) => {
  const found = kpis.find((a) => a.kpi === kpi && a.row === row && a.column === column);
  assert.ok(found, `${kpi}/${row}/${column} is attributed`);
  return found;
};

type Headlines = ReturnType<typeof referenceHeadlines>;
/** The four worlds' headline numbers from the CSV oracle, checked against one attribution. */
function assertSplit(
  actual: Attribution,
  pick: (h: Headlines) => number,
  worlds: Record<'bb' | 'bn' | 'nb' | 'nn', Headlines>,
) {
  const [bb, bn, nb, nn] = [pick(worlds.bb), pick(worlds.bn), pick(worlds.nb), pick(worlds.nn)];
  const where = `${actual.kpi}/${actual.row}/${actual.column}`;
  assert.equal(actual.base, bb, `${where} base`);
  assert.equal(actual.current, nn, `${where} current`);
  assert.equal(actual.dataEffect, bn - bb, `${where} data effect`);
  assert.equal(actual.codeEffect, nb - bb, `${where} code effect`);
  assert.equal(actual.interaction, nn - bn - nb + bb, `${where} interaction`);
}

describe('diff: what changed between a kept run and the current build, and why', function () {
  this.timeout(300_000);
  let work: string;
  let newData: string;
  let baseData: string;
  let changedCode: string;
  const oracle = (data: string, margin: 'all' | 'perishable') => referenceHeadlines(data, margin);

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'etl-diff-'));
    newData = join(work, 'new');
    baseData = join(work, 'base');
    await generateDataset({ years: 0.3, seed: 11, out: newData });
    withoutMonthsFrom(newData, baseData, '2024-04');
    changedCode = perishableMarginProject(PROJECT, join(work, 'sql-changed'));
  });
  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Keeps a base run of (baseCode, base data), then builds (code, data) and diffs the two. */
  async function scenario(data: string, code: string) {
    const warehouse = await testWarehouse();
    try {
      const outDir = await mkdtemp(join(work, 'target-'));
      const baseProject = await runOn(warehouse, baseData, PROJECT, outDir);
      const base = await keepState(warehouse, baseProject, { projectDir: PROJECT, outDir, runId: 'base' });
      await runOn(warehouse, data, code, outDir);
      const before = await martsChecksum(warehouse);
      const diff = await runDiff(warehouse, { projectDir: code, base });
      assert.equal(await martsChecksum(warehouse), before, 'the user marts are untouched');
      assert.deepEqual(await scratchSchemas(warehouse), [], 'scratch schemas are dropped');
      return diff;
    } finally {
      await warehouse.close();
    }
  }

  it('data only: the code effect is exactly 0 and the data effect is the whole delta', async () => {
    const diff = await scenario(newData, PROJECT);
    const worlds = {
      bb: oracle(baseData, 'all'),
      bn: oracle(newData, 'all'),
      nb: oracle(baseData, 'all'),
      nn: oracle(newData, 'all'),
    };
    assertSplit(find(diff.kpis, 'revenue_by_store_month', 'total', 'revenue'), (h) => h.revenueCents, worlds);
    assertSplit(find(diff.kpis, 'revenue_by_store_month', 'total', 'orders'), (h) => h.orders, worlds);
    assertSplit(
      find(diff.kpis, 'product_performance', 'total', 'gross_margin'),
      (h) => h.grossMarginCents,
      worlds,
    );
    assertSplit(find(diff.kpis, 'customer_summary', '', 'repeat_rate'), (h) => h.repeatRateUnits, worlds);
    for (const a of diff.kpis) {
      assert.equal(a.codeEffect, 0, `${a.kpi}/${a.row}/${a.column}`);
      assert.equal(a.dataEffect, a.delta, `${a.kpi}/${a.row}/${a.column}`);
    }
    const orders = diff.marts.find((m) => m.mart === 'fct_orders');
    assert.equal(orders?.added, worlds.nn.orders - worlds.bb.orders);
    assert.equal(orders?.removed, 0);
  });

  it('code only: the data effect is exactly 0; changed rows and columns are counted by key', async () => {
    const diff = await scenario(baseData, changedCode);
    const bb = oracle(baseData, 'all');
    const nb = oracle(baseData, 'perishable');
    const worlds = { bb, bn: bb, nb, nn: nb };
    assertSplit(
      find(diff.kpis, 'product_performance', 'total', 'gross_margin'),
      (h) => h.grossMarginCents,
      worlds,
    );
    assertSplit(find(diff.kpis, 'revenue_by_store_month', 'total', 'revenue'), (h) => h.revenueCents, worlds);
    for (const a of diff.kpis) assert.equal(a.dataEffect, 0, `${a.kpi}/${a.row}/${a.column}`);
    const items = diff.marts.find((m) => m.mart === 'fct_order_items');
    assert.deepEqual([items?.added, items?.removed], [0, 0]);
    assert.equal(items?.changed, bb.itemsWithNonPerishableCost);
    const supplyCost = items?.columns.find((c) => c.column === 'supply_cost');
    assert.equal(supplyCost?.changed, bb.itemsWithNonPerishableCost);
    assert.equal(supplyCost?.sample.length, Math.min(bb.itemsWithNonPerishableCost, 3), 'up to 3 examples');
    assert.equal(
      items?.columns.find((c) => c.column === 'price'),
      undefined,
      'prices did not change',
    );
  });

  it('data and code: the three effects add up exactly to every delta, and segments explain the data effect', async () => {
    const diff = await scenario(newData, changedCode);
    const worlds = {
      bb: oracle(baseData, 'all'),
      bn: oracle(newData, 'all'),
      nb: oracle(baseData, 'perishable'),
      nn: oracle(newData, 'perishable'),
    };
    const margin = find(diff.kpis, 'product_performance', 'total', 'gross_margin');
    assertSplit(margin, (h) => h.grossMarginCents, worlds);
    assert.notEqual(margin.interaction, 0, 'the new month is costed differently by the new code');
    for (const a of diff.kpis) assert.equal(a.dataEffect + a.codeEffect + a.interaction, a.delta);
    assert.ok(diff.segments.length > 0);
    const months = diff.segments.filter((s) => s.dimension === 'month');
    assert.equal(months[0]?.segment, '2024-04', 'the added month leads');
  });

  it('drops its scratch schemas when a scratch build fails, and says which model failed', async () => {
    const warehouse = await testWarehouse();
    try {
      const outDir = await mkdtemp(join(work, 'target-'));
      const project = await runOn(warehouse, baseData, PROJECT, outDir);
      const base = await keepState(warehouse, project, { projectDir: PROJECT, outDir, runId: 'base' });
      const broken = perishableMarginProject(PROJECT, join(work, 'sql-broken'));
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(broken, 'marts', 'dim_dates.sql'), 'select cast(1 / 0 as integer) as date_day\n');
      const before = await martsChecksum(warehouse);
      await assert.rejects(runDiff(warehouse, { projectDir: broken, base }), /dim_dates.*division by zero/s);
      assert.deepEqual(await scratchSchemas(warehouse), []);
      assert.equal(await martsChecksum(warehouse), before);
    } finally {
      await warehouse.close();
    }
  });
});

async function scratchSchemas(warehouse: Warehouse): Promise<string[]> {
  const result = await warehouse.query<{ nspname: string }>(
    "select nspname from pg_namespace where nspname like 'etl\\_scratch\\_%'",
  );
  return result.rows.map((r) => r.nspname);
}

/** A checksum of every mart's rows, to prove diff only reads them. */
async function martsChecksum(warehouse: Warehouse): Promise<string> {
  const tables = await warehouse.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'marts' order by 1",
  );
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const result = await warehouse.query<{ sum: string }>(
      `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum from marts."${table_name}" t`,
    );
    parts.push(`${table_name}:${result.rows[0]?.sum}`);
  }
  return parts.join(',');
}
