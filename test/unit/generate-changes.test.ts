import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDataset, HALF_YEARLY_CHANGES } from '../../src/generate';
import { readCsv } from '../support/read-csv';

const COMMITTED = resolve(__dirname, '../../data/datasets');
const FILES = [
  'raw_customers.csv',
  'raw_orders.csv',
  'raw_items.csv',
  'raw_products.csv',
  'raw_stores.csv',
  'raw_supplies.csv',
];
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Each order's subtotal and tax from the CSV files alone: its items at the prices of the extract
 * whose period holds the order's day, taxed as jafgen does (a float product truncated to cents)
 * at that extract's store rate.
 */
function expectedAmounts(root: string, extracts: { folder: string; as_of: string }[], last: string) {
  const periods = extracts.map((e) => ({
    from: e.as_of,
    prices: new Map(readCsv(join(root, e.folder, 'raw_products.csv')).map((p) => [p.sku, Number(p.price)])),
    rates: new Map(readCsv(join(root, e.folder, 'raw_stores.csv')).map((s) => [s.id, Number(s.tax_rate)])),
  }));
  const skus = new Map<string, string[]>();
  for (const item of readCsv(join(root, last, 'raw_items.csv')))
    skus.set(item.order_id as string, [...(skus.get(item.order_id as string) ?? []), item.sku as string]);
  const amounts: Record<string, string> = {};
  for (const order of readCsv(join(root, last, 'raw_orders.csv'))) {
    const day = (order.ordered_at as string).slice(0, 10);
    const period = periods.filter((p) => p.from <= day).pop() as (typeof periods)[number];
    const subtotal = (skus.get(order.id as string) ?? []).reduce(
      (sum, sku) => sum + (period.prices.get(sku) ?? NaN),
      0,
    );
    const tax = Math.trunc((period.rates.get(order.store_id as string) as number) * (subtotal / 100) * 100);
    amounts[order.id as string] = `${subtotal},${tax},${subtotal + tax}`;
  }
  return amounts;
}

describe('generateDataset: prices and tax rates over time', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'etl-generate-changes-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('is off by default: one year of seed 42 regenerates the committed dataset byte for byte', async () => {
    const summary = await generateDataset({ years: 1, seed: 42, out: join(root, 'default') });
    assert.equal(summary.extracts, undefined);
    for (const file of FILES) {
      assert.equal(sha256(join(root, 'default', file)), sha256(join(COMMITTED, file)), `${file} differs`);
    }
  });

  it('writes a sequence of cumulative extracts; each order is billed and taxed at the prices in force on its day', async () => {
    const out = join(root, 'changes');
    const summary = await generateDataset({ years: 1, seed: 42, out, changes: HALF_YEARLY_CHANGES });
    const manifest = JSON.parse(readFileSync(join(out, 'extracts.json'), 'utf8')) as {
      extracts: { folder: string; as_of: string; through: string }[];
    };
    assert.deepEqual(manifest.extracts, [
      { folder: 'extract-1', as_of: '2024-01-01', through: '2024-07-01' },
      { folder: 'extract-2', as_of: '2024-07-02', through: '2024-12-31' },
    ]);
    assert.equal(summary.extracts?.length, 2);

    const first = readFileSync(join(out, 'extract-1', 'raw_orders.csv'), 'utf8');
    const second = readFileSync(join(out, 'extract-2', 'raw_orders.csv'), 'utf8');
    const committed = readFileSync(join(COMMITTED, 'raw_orders.csv'), 'utf8');
    assert.ok(second.startsWith(first), 'the second extract repeats the first one’s orders');
    assert.ok(committed.startsWith(first), 'before the first change, the orders are the committed ones');
    assert.notEqual(second, committed, 'after the change, amounts differ from the committed dataset');

    const orders = readCsv(join(out, 'extract-2', 'raw_orders.csv'));
    const actual = Object.fromEntries(
      orders.map((o) => [o.id, `${o.subtotal},${o.tax_paid},${o.order_total}`]),
    );
    assert.deepEqual(actual, expectedAmounts(out, manifest.extracts, 'extract-2'));

    const price = (folder: string) =>
      Number(readCsv(join(out, folder, 'raw_products.csv')).find((p) => p.sku === 'JAF-001')?.price);
    assert.equal(price('extract-2') - price('extract-1'), HALF_YEARLY_CHANGES.priceStepCents);
  });
});
