import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { at } from '../../src/common/at';
import { generateDataset } from '../../src/generate';
import type { MetricQuery } from '../../src/metrics/compile-metric-query';
import { compileProjectMetricQuery, queryMetrics } from '../../src/metrics/query-metrics';
import { runPipeline } from '../../src/pipeline/run-pipeline';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { readCsv } from '../support/read-csv';
import { referenceKpis } from '../support/reference-kpis';
import { testConnection, testWarehouse } from '../support/test-warehouse';

const ROOT = resolve(__dirname, '../..');
const PROJECT = join(ROOT, 'sql');
type Row = Record<string, string | null>;

/** Exact decimal rounding (half away from zero) of pg's numeric text, as round(x, n) does. */
function round(text: string | null | undefined, places: number): number | null {
  if (text === null) return null;
  if (text === undefined) throw new Error('a metric column is missing from the query result');
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const digits = BigInt(whole + fraction.padEnd(places + 1, '0').slice(0, places + 1));
  const rounded = (digits + 5n) / 10n;
  const value = Number(rounded) / 10 ** places;
  return negative && value !== 0 ? -value : value;
}
const money = (text: string | null | undefined) => round(text, 2);
const ratio = (text: string | null | undefined) => round(text, 4);
const int = (text: string | null | undefined) => {
  if (text === undefined) throw new Error('a metric column is missing from the query result');
  return text === null ? null : Number(text);
};

describe('metrics layer: semantic models and metrics compiled to SQL on the embedded PostgreSQL', () => {
  let warehouse: Warehouse & { database: string };
  let work: string;
  let dataDir: string;
  let kpis: Record<string, unknown>;
  let reference: Record<string, unknown>;

  const run = async (query: MetricQuery): Promise<Row[]> => {
    const compiled = await compileProjectMetricQuery(query, PROJECT, warehouse.dialect);
    return (await warehouse.query<Row>(compiled.sql)).rows;
  };

  before(async () => {
    warehouse = await testWarehouse();
    work = await mkdtemp(join(tmpdir(), 'etl-metrics-'));
    dataDir = join(work, 'data');
    await generateDataset({ years: 0.25, seed: 11, out: dataDir });
    const result = await runPipeline(warehouse, {
      dataDir,
      projectDir: PROJECT,
      outDir: join(work, 'target'),
    });
    assert.ok(result.ok, 'the pipeline must build the marts');
    kpis = JSON.parse(readFileSync(join(work, 'target', 'kpis.json'), 'utf8')).kpis;
    reference = referenceKpis(dataDir);
  });
  after(async () => {
    await warehouse?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Each KPI answered by metrics must equal the KPI SQL's value and the CSV oracle's. */
  const expectKpi = (name: string, fromMetrics: unknown) => {
    assert.deepEqual(fromMetrics, kpis[name], `${name}: metrics vs the KPI SQL`);
    assert.deepEqual(fromMetrics, reference[name], `${name}: metrics vs the CSV oracle`);
  };

  it('revenue_by_store_month: order_count, revenue, tax, gross_revenue by store and month', async () => {
    const rows = await run({
      metrics: ['order_count', 'revenue', 'tax', 'gross_revenue'],
      groupBy: ['store__store_name', 'metric_time__month'],
    });
    expectKpi(
      'revenue_by_store_month',
      rows.map((row) => ({
        store: row.store__store_name,
        month: row.metric_time__month?.slice(0, 7),
        orders: int(row.order_count),
        revenue: money(row.revenue),
        tax: money(row.tax),
        gross_revenue: money(row.gross_revenue),
      })),
    );
  });

  it('store_performance: ratios (average order value, effective tax rate) by store', async () => {
    const rows = await run({
      metrics: ['order_count', 'revenue', 'avg_order_value', 'effective_tax_rate'],
      groupBy: ['store__store_name', 'store__tax_rate'],
      orderBy: ['-revenue', 'store__store_name'],
    });
    expectKpi(
      'store_performance',
      rows.map((row) => ({
        store: row.store__store_name,
        orders: int(row.order_count),
        revenue: money(row.revenue),
        avg_order_value: money(row.avg_order_value),
        tax_rate: ratio(row.store__tax_rate),
        effective_tax_rate: ratio(row.effective_tax_rate),
      })),
    );
  });

  it('product_performance: a derived metric (gross margin) by the product entity and its dimensions', async () => {
    const rows = await run({
      metrics: ['units_sold', 'item_revenue', 'supply_cost', 'gross_margin'],
      groupBy: ['product', 'product__product_name', 'product__product_type'],
      orderBy: ['-item_revenue', 'product'],
    });
    expectKpi(
      'product_performance',
      rows.map((row) => ({
        product_id: row.product,
        product_name: row.product__product_name,
        product_type: row.product__product_type,
        units_sold: int(row.units_sold),
        revenue: money(row.item_revenue),
        supply_cost: money(row.supply_cost),
        gross_margin: money(row.gross_margin),
      })),
    );
  });

  it('customer_summary, supply_cost, food_drink_mix: metrics from three semantic models in one query', async () => {
    const [row] = await run({
      metrics: [
        'customers',
        'repeat_customers',
        'repeat_rate',
        'avg_lifetime_spend',
        'avg_order_value',
        'perishable_supply_cost',
        'non_perishable_supply_cost',
        'perishable_share',
        'food_revenue',
        'drink_revenue',
        'food_share',
      ],
    });
    assert.ok(row, 'one row');
    expectKpi('customer_summary', {
      customers: int(row.customers),
      repeat_customers: int(row.repeat_customers),
      repeat_rate: ratio(row.repeat_rate),
      avg_lifetime_spend: money(row.avg_lifetime_spend),
      avg_order_value: money(row.avg_order_value),
    });
    expectKpi('supply_cost', {
      perishable_supply_cost: money(row.perishable_supply_cost),
      non_perishable_supply_cost: money(row.non_perishable_supply_cost),
      perishable_share: ratio(row.perishable_share),
    });
    expectKpi('food_drink_mix', {
      food_revenue: money(row.food_revenue),
      drink_revenue: money(row.drink_revenue),
      food_share: ratio(row.food_share),
    });
  });

  it('cumulative metrics (all time, month to date, trailing 7 days) and the median match sums over the raw CSV', async () => {
    const daily = new Map<string, number>();
    const subtotals: number[] = [];
    for (const order of readCsv(join(dataDir, 'raw_orders.csv'))) {
      const day = order.ordered_at.slice(0, 10);
      daily.set(day, (daily.get(day) ?? 0) + Number(order.subtotal));
      subtotals.push(Number(order.subtotal));
    }
    const days = [...daily.keys()].sort();
    const cents = (text: string | null | undefined) => Math.round(Number(text) * 100);
    const rows = await run({
      metrics: ['revenue', 'cumulative_revenue', 'revenue_mtd', 'revenue_trailing_7d'],
      groupBy: ['metric_time__day'],
    });
    assert.deepEqual(
      rows.map((row) => row.metric_time__day),
      days,
    );
    let total = 0;
    rows.forEach((row, index) => {
      const day = at(days, index, 'a day');
      total += daily.get(day) ?? 0;
      const sumWhere = (keep: (other: string) => boolean) =>
        days.filter(keep).reduce((sum, other) => sum + (daily.get(other) ?? 0), 0);
      const weekAgo = new Date(Date.parse(`${day}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
      assert.equal(cents(row.revenue), daily.get(day), `${day} revenue`);
      assert.equal(cents(row.cumulative_revenue), total, `${day} revenue to date`);
      assert.equal(
        cents(row.revenue_mtd),
        sumWhere((o) => o.slice(0, 7) === day.slice(0, 7) && o <= day),
        `${day} mtd`,
      );
      assert.equal(
        cents(row.revenue_trailing_7d),
        sumWhere((o) => o >= weekAgo && o <= day),
        `${day} 7d`,
      );
    });
    subtotals.sort((a, b) => a - b);
    const middle = subtotals.length / 2;
    const median =
      subtotals.length % 2 === 1
        ? at(subtotals, Math.floor(middle), 'the middle order')
        : (at(subtotals, middle - 1, 'a middle order') + at(subtotals, middle, 'a middle order')) / 2;
    const [overall] = await run({ metrics: ['median_order_value', 'p90_order_value'] });
    assert.ok(overall, 'one row');
    assert.equal(Number(overall.median_order_value) * 100, median);
    assert.equal(cents(overall.p90_order_value), subtotals[Math.ceil(0.9 * subtotals.length) - 1]);
  });

  it('queryMetrics: a where filter on a joined dimension, ordering, a limit, metrics as numbers', async () => {
    const stores = reference.store_performance as Array<{ store: string; revenue: number; orders: number }>;
    const leader = at(stores, 0, 'the leading store');
    const result = await queryMetrics<{ store__store_name: string; revenue: number; order_count: number }>(
      warehouse,
      {
        metrics: ['revenue', 'order_count'],
        groupBy: ['store__store_name'],
        where: [`{{ Dimension('store__store_name') }} = '${leader.store.replace(/'/g, "''")}'`],
        orderBy: ['-revenue'],
        limit: 1,
      },
      { projectDir: PROJECT },
    );
    assert.deepEqual(result.rows, [
      { store__store_name: leader.store, revenue: leader.revenue, order_count: leader.orders },
    ]);
    assert.deepEqual(
      result.columns.map((column) => column.kind),
      ['dimension', 'metric', 'metric'],
    );
  });

  /** The built CLI (npm test builds dist/) against this test's database, as a postgres target. */
  const cli = async (args: string[]) => {
    const base = await testConnection();
    const url = `postgres://${base.user}:${encodeURIComponent(base.password)}@${base.host}:${base.port}/${warehouse.database}`;
    const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'etl-workbook.js'), 'query', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', ETL_TARGET: 'postgres', DATABASE_URL: url },
      timeout: 120_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('etl-workbook query prints the metrics by store as CSV and JSON, equal to the CSV oracle', async () => {
    const stores = (reference.store_performance as Array<{ store: string; revenue: number; orders: number }>)
      .slice()
      .sort((a, b) => (a.store < b.store ? -1 : 1));
    const csv = await cli(['--metrics', 'revenue,order_count', '--group-by', 'store__store_name', '--csv']);
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.trim().split('\r\n');
    assert.equal(lines[0], 'store__store_name,revenue,order_count');
    assert.deepEqual(
      lines.slice(1).map((line) => line.split(',')),
      stores.map((store) => [store.store, String(store.revenue), String(store.orders)]),
    );
    const json = await cli([
      '--metrics',
      'revenue',
      '--order=-revenue',
      '--limit',
      '1',
      '--group-by',
      'store',
      '--json',
    ]);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout)[0].revenue, Math.max(...stores.map((store) => store.revenue)));
  });

  it('etl-workbook query: exit 2 without metrics, exit 1 naming the closest metric, --compile needs no warehouse', async () => {
    const usage = await cli(['--group-by', 'store']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--metrics revenue,order_count/);
    const unknown = await cli(['--metrics', 'revenu']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Unknown metric "revenu"\. Did you mean "revenue"\?/);
    const compiled = await cli(['--metrics', 'avg_order_value', '--compile', '--target', 'redshift']);
    assert.equal(compiled.code, 0, compiled.stderr);
    assert.match(compiled.stdout, /numeric\(18,10\)/);
  });
});
