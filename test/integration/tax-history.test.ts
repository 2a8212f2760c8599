import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { MINI_DATASET, writeMiniDataset } from '../support/mini-dataset';
import { readCsv } from '../support/read-csv';
import { recordedPipelineRun } from '../support/recorded-pipeline-run';
import { testWarehouse } from '../support/test-warehouse';

const PROJECT = resolve(__dirname, '../../sql');
const CHANGE = new Date('2024-02-01T00:00:00Z');

/**
 * Two extracts replayed in order: January's (Philadelphia taxed at 6%), then March's (every order;
 * Philadelphia at 7% since February 1st, so February's order was taxed 77 cents on 11.00).
 */
const JANUARY = {
  'raw_orders.csv':
    'id,customer,ordered_at,store_id,subtotal,tax_paid,order_total\no1,c1,2024-01-02T08:00:00,s1,1700,102,1802\n',
  'raw_items.csv': 'id,order_id,sku\ni1,o1,JAF-001\ni2,o1,BEV-001\n',
};
const MARCH = {
  'raw_stores.csv': (MINI_DATASET['raw_stores.csv'] as string).replace(',0.06\n', ',0.07\n'),
  'raw_orders.csv': (MINI_DATASET['raw_orders.csv'] as string).replace(
    'o2,c1,2024-02-03T12:30:00,s1,1100,66,1166',
    'o2,c1,2024-02-03T12:30:00,s1,1100,77,1177',
  ),
};

interface OrderTax {
  rate: number;
  taxCents: number;
}

/** Each order's rate in force (from the store files and the change date) and its tax, from the CSV files alone. */
function expectedTaxes(before: string, after: string): Record<string, OrderTax> {
  const rates = (dir: string) =>
    new Map(readCsv(join(dir, 'raw_stores.csv')).map((s) => [s.id as string, Number(s.tax_rate)]));
  const [oldRates, newRates] = [rates(before), rates(after)];
  const taxes: Record<string, OrderTax> = {};
  for (const order of readCsv(join(after, 'raw_orders.csv'))) {
    const placed = new Date(`${order.ordered_at}Z`);
    const rate = (placed < CHANGE ? oldRates : newRates).get(order.store_id as string) as number;
    taxes[order.id as string] = { rate, taxCents: Number(order.tax_paid) };
  }
  return taxes;
}

describe('a tax-rate change over time (snapshots of stores)', () => {
  let warehouse: Warehouse;
  let work: string;
  before(async () => {
    warehouse = await testWarehouse();
    work = await mkdtemp(join(tmpdir(), 'etl-tax-history-'));
  });
  after(async () => {
    await warehouse?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const run = (dataDir: string, at: Date) =>
    recordedPipelineRun(warehouse, { dataDir, projectDir: PROJECT, workDir: work, at });
  const taxes = async (): Promise<Record<string, OrderTax>> =>
    Object.fromEntries(
      (
        await warehouse.query<{ order_id: string; tax_rate: string; cents: string }>(
          'select order_id, tax_rate, round(tax_paid * 100) as cents from marts.fct_orders',
        )
      ).rows.map((r) => [r.order_id, { rate: Number(r.tax_rate), taxCents: Number(r.cents) }]),
    );

  it('gives each order the rate in force when it was placed: only the later orders take the new rate', async () => {
    const january = writeMiniDataset(JANUARY);
    const march = writeMiniDataset(MARCH);
    const first = await run(january, new Date('2024-01-31T00:00:00Z'));
    assert.ok(first.ok, first.stoppedBecause);
    const before = await taxes();

    const second = await run(march, CHANGE);
    assert.ok(second.ok, second.stoppedBecause);
    const after = await taxes();

    assert.deepEqual(after, expectedTaxes(january, march));
    assert.deepEqual({ o1: after.o1 }, before, 'January’s order keeps its rate and tax');
    assert.deepEqual(after.o2, { rate: 0.07, taxCents: 77 }, 'February’s order is taxed at the new rate');

    // With the current rate for every order, January's 1.02 on 17.00 would be 17 cents off 7%.
    const taxCheck = second.build?.run.results.find((r) =>
      r.uniqueId.endsWith('assert_order_tax_matches_store_rate'),
    );
    assert.equal(taxCheck?.status, 'success', taxCheck?.message);

    const versions = await warehouse.query<{ tax_rate: string }>(
      "select tax_rate from snapshots.snp_stores where id = 's1' order by dbt_valid_from",
    );
    assert.deepEqual(
      versions.rows.map((v) => Number(v.tax_rate)),
      [0.06, 0.07],
    );
  });
});
