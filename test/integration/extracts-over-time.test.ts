import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readVolumeWarnings } from '../../src/history/volume-store';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { readCsv } from '../support/read-csv';
import { requireDist } from '../support/require-dist';
import { testConnection, testWarehouse } from '../support/test-warehouse';

const ROOT = resolve(__dirname, '../..');
const COMMITTED = join(ROOT, 'data', 'datasets');
const SKU = 'JAF-001';
const STORE = 'Portland';
const DAY = '2024-10-16';

/**
 * The committed extract, sent again a day later with JAF-001's price raised by 2.00 and Portland's
 * orders of 2024-10-16 (and their items) missing. Returns the folder and the orders removed.
 */
function secondExtract(dir: string): number {
  cpSync(COMMITTED, dir, { recursive: true });
  const storeId = readCsv(join(COMMITTED, 'raw_stores.csv')).find((s) => s.name === STORE)?.id as string;
  const removed = new Set(
    readCsv(join(COMMITTED, 'raw_orders.csv'))
      .filter((o) => o.store_id === storeId && (o.ordered_at as string).startsWith(DAY))
      .map((o) => o.id as string),
  );
  const keep = (file: string, drop: (line: string) => boolean) => {
    const lines = readFileSync(join(COMMITTED, file), 'utf8').split('\r\n');
    writeFileSync(join(dir, file), lines.filter((line) => !drop(line)).join('\r\n'));
  };
  keep('raw_orders.csv', (line) => removed.has(line.split(',')[0] as string));
  keep('raw_items.csv', (line) => removed.has(line.split(',')[1] as string));
  const products = readFileSync(join(COMMITTED, 'raw_products.csv'), 'utf8');
  const price = Number(readCsv(join(COMMITTED, 'raw_products.csv')).find((p) => p.sku === SKU)?.price);
  const line = products.split('\r\n').find((l) => l.startsWith(`${SKU},`)) as string;
  writeFileSync(
    join(dir, 'raw_products.csv'),
    products.replace(line, line.replace(`,${price},`, `,${price + 200},`)),
  );
  return removed.size;
}

/** JAF-001's gross margin in cents from the committed CSV files alone: its price minus every supply listed for it. */
function committedMarginCents(): number {
  const price = Number(readCsv(join(COMMITTED, 'raw_products.csv')).find((p) => p.sku === SKU)?.price);
  const supplies = readCsv(join(COMMITTED, 'raw_supplies.csv')).filter((s) => s.sku === SKU);
  return price - supplies.reduce((sum, s) => sum + Number(s.cost), 0);
}

describe('extracts over time, end to end (issue 17 "Done when"): two CLI runs on the real PostgreSQL', function () {
  this.timeout(300_000);
  let warehouse: Warehouse & { database: string };
  let work: string;
  let env: NodeJS.ProcessEnv;
  before(async function () {
    requireDist(this, 'cli/main.js');
    warehouse = await testWarehouse();
    work = await mkdtemp(join(tmpdir(), 'etl-extracts-over-time-'));
    const base = await testConnection();
    const url = `postgres://${base.user}:${encodeURIComponent(base.password)}@${base.host}:${base.port}/${warehouse.database}`;
    env = { ...process.env, CI: 'true', DATABASE_URL: url };
  });
  after(async () => {
    await warehouse?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const cli = (args: string[]) => {
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'etl-workbook.js'), ...args, '--target', 'postgres'],
      {
        cwd: ROOT,
        env,
        encoding: 'utf8',
      },
    );
    return { code: result.status, stdout: result.stdout, output: `${result.stdout}\n${result.stderr}` };
  };
  const margins = async () =>
    new Map(
      (
        await warehouse.query<{ order_item_id: string; product_id: string; cents: string }>(
          'select order_item_id, product_id, round(gross_margin * 100) as cents from marts.fct_order_items',
        )
      ).rows.map((r) => [r.order_item_id, { product: r.product_id, cents: Number(r.cents) }]),
    );

  it('history, snapshot versions, unchanged margins, freshness and a volume warning for the missing day', async () => {
    const second = join(work, 'second');
    const removedOrders = secondExtract(second);
    assert.ok(removedOrders > 10, `${STORE} had orders on ${DAY}`);

    const first = cli([
      'run',
      '--data',
      COMMITTED,
      '--out',
      join(work, 't1'),
      '--as-of',
      '2025-01-01T00:00:00Z',
    ]);
    assert.equal(first.code, 0, first.output);
    assert.match(first.stdout, /Freshness: every source fresh/);
    const before = await margins();

    const again = cli([
      'run',
      '--data',
      second,
      '--out',
      join(work, 't2'),
      '--as-of',
      '2025-01-02T00:00:00Z',
    ]);
    assert.equal(again.code, 0, again.output);
    const after = await margins();

    // two rows in history
    const history = cli(['history', '--json']);
    assert.equal(history.code, 0, history.output);
    const runs = JSON.parse(history.stdout).runs as { command: string; status: string; dataDir: string }[];
    assert.deepEqual(
      runs.map((r) => [r.command, r.status]),
      [
        ['run', 'success'],
        ['run', 'success'],
      ],
    );

    // two versions of the product, the first one closed when the second extract arrived
    const versions = await warehouse.query<{ price: string; valid_to: string | null }>(
      `select price, to_char(dbt_valid_to, 'YYYY-MM-DD') as valid_to from snapshots.snp_products
        where sku = $1 order by dbt_valid_from`,
      [SKU],
    );
    const oldPrice = Number(readCsv(join(COMMITTED, 'raw_products.csv')).find((p) => p.sku === SKU)?.price);
    assert.deepEqual(
      versions.rows.map((v) => [Number(v.price), v.valid_to]),
      [
        [oldPrice, '2025-01-02'],
        [oldPrice + 200, null],
      ],
    );

    // the old margins unchanged: every item still sold is as before, JAF-001's at the CSV's margin
    assert.equal(
      before.size - after.size,
      readCsv(join(COMMITTED, 'raw_items.csv')).length - readCsv(join(second, 'raw_items.csv')).length,
    );
    for (const [id, margin] of after) assert.deepEqual(margin, before.get(id), `item ${id}`);
    const jaffles = [...after.values()].filter((m) => m.product === SKU);
    assert.ok(jaffles.length > 100);
    for (const margin of jaffles) assert.equal(margin.cents, committedMarginCents());

    // a freshness result: the newest order is over a day before the second extract's time (warn)
    const sources = JSON.parse(readFileSync(join(work, 't2', 'sources.json'), 'utf8'));
    assert.deepEqual(
      sources.results.map((r: { unique_id: string; status: string }) => [r.unique_id, r.status]),
      [['source.raw.raw_orders', 'warn']],
    );
    assert.match(again.stdout, /! source\.raw\.raw_orders +warn +newest 2024-12-31T19:27:46Z/);

    // a volume warning for the missing day, in the summary, the report and etl_meta
    const expected = new RegExp(
      `raw_orders: no rows for store ${STORE} on ${DAY} \\(a Wednesday\\); the previous run had ${removedOrders}`,
    );
    assert.match(again.stdout, expected);
    assert.match(readFileSync(join(work, 't2', 'report.html'), 'utf8'), expected);
    const stored = await readVolumeWarnings(warehouse);
    assert.ok(
      stored.some(
        (w) => w.table === 'raw_orders' && w.day === DAY && w.rows === 0 && expected.test(w.message),
      ),
    );
    assert.doesNotMatch(first.stdout, new RegExp(`store ${STORE} on ${DAY}`), 'the first run had that day');
  });
});
