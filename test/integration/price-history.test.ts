import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listRuns } from '../../src/history/list-runs';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { MINI_DATASET, writeMiniDataset } from '../support/mini-dataset';
import { readCsv } from '../support/read-csv';
import { recordedPipelineRun } from '../support/recorded-pipeline-run';
import { testWarehouse } from '../support/test-warehouse';

const PROJECT = resolve(__dirname, '../../sql');
const CHANGE = new Date('2024-02-01T00:00:00Z');

/**
 * Two extracts replayed in order: January's (orders of January, JAF-001 at 11.00), then March's
 * (every order; JAF-001 at 13.00 since February 1st, so February's order was billed 13.00).
 */
const JANUARY = {
  'raw_orders.csv':
    'id,customer,ordered_at,store_id,subtotal,tax_paid,order_total\no1,c1,2024-01-02T08:00:00,s1,1700,102,1802\n',
  'raw_items.csv': 'id,order_id,sku\ni1,o1,JAF-001\ni2,o1,BEV-001\n',
};
const MARCH = {
  'raw_products.csv': (MINI_DATASET['raw_products.csv'] as string).replace('jaffle,1100,', 'jaffle,1300,'),
  'raw_orders.csv': (MINI_DATASET['raw_orders.csv'] as string).replace(
    'o2,c1,2024-02-03T12:30:00,s1,1100,66,1166',
    'o2,c1,2024-02-03T12:30:00,s1,1300,78,1378',
  ),
};

/** Margin per item in cents from the CSV files alone: the price in force on the order's date minus supplies. */
function expectedMargins(dir: string, oldPrices: Map<string, number>): Record<string, number> {
  const prices = new Map(readCsv(join(dir, 'raw_products.csv')).map((p) => [p.sku, Number(p.price)]));
  const supplies = readCsv(join(dir, 'raw_supplies.csv'));
  const orders = new Map(readCsv(join(dir, 'raw_orders.csv')).map((o) => [o.id, o]));
  const margins: Record<string, number> = {};
  for (const item of readCsv(join(dir, 'raw_items.csv'))) {
    const sku = item.sku as string;
    const orderedAt = new Date(`${orders.get(item.order_id as string)?.ordered_at}Z`);
    const price = (orderedAt < CHANGE ? oldPrices.get(sku) : prices.get(sku)) as number;
    const cost = supplies.filter((s) => s.sku === sku).reduce((sum, s) => sum + Number(s.cost), 0);
    margins[item.id as string] = price - cost;
  }
  return margins;
}

describe('a price change over time (snapshots of products)', () => {
  let warehouse: Warehouse;
  let work: string;
  before(async () => {
    warehouse = await testWarehouse();
    work = await mkdtemp(join(tmpdir(), 'etl-price-history-'));
  });
  after(async () => {
    await warehouse?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const run = (dataDir: string, at: Date) =>
    recordedPipelineRun(warehouse, { dataDir, projectDir: PROJECT, workDir: work, at });
  const margins = async () =>
    Object.fromEntries(
      (
        await warehouse.query<{ order_item_id: string; cents: string }>(
          'select order_item_id, round(gross_margin * 100) as cents from marts.fct_order_items',
        )
      ).rows.map((r) => [r.order_item_id, Number(r.cents)]),
    );

  it('moves only the margins of orders placed after the change; the earlier ones stay as they were', async () => {
    const january = writeMiniDataset(JANUARY);
    const march = writeMiniDataset(MARCH);
    const first = await run(january, new Date('2024-01-31T00:00:00Z'));
    assert.ok(first.ok, first.stoppedBecause);
    const before = await margins();

    const second = await run(march, CHANGE);
    assert.ok(
      second.ok,
      `${second.stoppedBecause}: ${second.build?.run.results
        .filter((r) => r.status !== 'success')
        .map((r) => r.message)
        .join('; ')}`,
    );
    const after = await margins();

    const oldPrices = new Map(
      readCsv(join(january, 'raw_products.csv')).map((p) => [p.sku as string, Number(p.price)]),
    );
    assert.deepEqual(after, expectedMargins(march, oldPrices));
    assert.deepEqual({ i1: after.i1, i2: after.i2 }, before, 'January’s margins are not restated');
    assert.equal(after.i3, (before.i1 as number) + 200, 'February’s jaffle sold at the new price');

    const versions = await warehouse.query<{ price: string; valid_from: string; valid_to: string | null }>(
      `select price, to_char(dbt_valid_from, 'YYYY-MM-DD') as valid_from, to_char(dbt_valid_to, 'YYYY-MM-DD') as valid_to
         from snapshots.snp_products where sku = 'JAF-001' order by dbt_valid_from`,
    );
    assert.deepEqual(
      versions.rows.map((v) => [Number(v.price), v.valid_from, v.valid_to]),
      [
        [1100, '2024-01-31', '2024-02-01'],
        [1300, '2024-02-01', null],
      ],
    );
    const runs = await listRuns(warehouse);
    assert.deepEqual(
      runs.map((r) => r.status),
      ['success', 'success'],
    );
  });
});
