import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Warehouse } from '../../../src/warehouse/warehouse';
import { MINI_DATASET, writeMiniDataset } from '../../support/mini-dataset';
import { cli, cliBuilt, cliWarehouse, MART_TABLES, readJson, snapshot } from './fault-kit';

interface RuleBreak {
  name: string;
  files: Record<string, string>;
  /** A failing data test, its failing-row count and something its sample must show. */
  test: RegExp;
  failures: number;
  sample: RegExp;
}

const mini = (file: string) => MINI_DATASET[file] as string;

/** Files that parse and load, but break a business rule the data tests check. */
const RULE_BREAKS: RuleBreak[] = [
  {
    name: 'a duplicate key',
    files: { 'raw_orders.csv': `${mini('raw_orders.csv')}o2,c2,2024-03-06T09:00:00,s2,600,24,624\n` },
    test: /^source_unique_raw_raw_orders_id$/,
    failures: 1,
    sample: /"unique_field":"o2".*"n_records":"2"/,
  },
  {
    name: 'an orphan foreign key',
    files: { 'raw_items.csv': `${mini('raw_items.csv')}i6,o9,JAF-001\n` },
    test: /^source_relationships_raw_raw_items_order_id/,
    failures: 1,
    sample: /"o9"/,
  },
  {
    name: 'order_total ≠ subtotal + tax_paid',
    files: { 'raw_orders.csv': mini('raw_orders.csv').replace('1700,102,1802', '1700,102,1900') },
    test: /^expression_is_true_stg_orders__order_total_subtotal_tax_paid$/,
    failures: 1,
    sample: /"order_id":"o1"/,
  },
  {
    name: 'a negative price',
    files: { 'raw_products.csv': mini('raw_products.csv').replace('beverage,600,', 'beverage,-600,') },
    test: /^expression_is_true_stg_products_product_price/,
    failures: 1,
    sample: /"product_id":"BEV-001"/,
  },
  {
    name: 'a subtotal that is not the sum of its items (a singular test across three models)',
    files: { 'raw_orders.csv': mini('raw_orders.csv').replace('1700,102,1802', '1800,108,1908') },
    test: /^assert_order_subtotal_matches_items$/,
    failures: 1,
    sample: /"order_id":"o1"/,
  },
];

describe('faults: business-rule breaks load, the data tests fail with counts and samples, the marts stay', () => {
  let warehouse: Warehouse;
  let out: string;
  let marts: Record<string, string>;

  before(async function () {
    if (!cliBuilt()) this.skip();
    warehouse = await cliWarehouse();
    out = await mkdtemp(join(tmpdir(), 'etl-faults-rules-'));
    const clean = cli(['run', '--data', writeMiniDataset(), '--out', out]);
    assert.equal(clean.code, 0, clean.output);
    marts = await snapshot(warehouse, MART_TABLES);
    assert.ok(Object.values(marts).every((m) => m !== 'absent'));
  });
  after(async () => {
    await warehouse?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  for (const broken of RULE_BREAKS) {
    it(`${broken.name}: loads, fails its data test (count, sample), exit 1, marts unchanged`, async () => {
      const data = writeMiniDataset(broken.files);
      const { code, stdout, output } = cli(['run', '--data', data, '--out', out]);
      assert.equal(code, 1, output);
      assert.doesNotMatch(stdout, /✘ raw\./, 'every file loads');
      assert.match(stdout, /Stopped: a model or a data test failed/);
      const results = readJson<{
        results: {
          unique_id: string;
          status: string;
          failures: number | null;
          message: string;
          sample?: unknown[];
        }[];
      }>(join(out, 'run_results.json')).results;
      const failed = results.filter((r) => r.status === 'fail');
      const test = failed.find((r) => broken.test.test(r.unique_id.split('.').at(-1) ?? ''));
      assert.ok(
        test,
        `a failing test matching ${broken.test} among ${failed.map((r) => r.unique_id).join(', ')}`,
      );
      assert.equal(test.failures, broken.failures);
      assert.match(
        test.message,
        /Got 1 failing row \(severity error\), declared at sql\/[\w/]+\.(yml|sql):\d+\. First: /,
      );
      assert.match(test.message, broken.sample);
      assert.match(stdout, new RegExp(`✘ test ${test.unique_id.split('.').at(-1)}: Got 1 failing row`));
      assert.deepEqual(await snapshot(warehouse, MART_TABLES), marts, 'no mart holds the bad data');
      assert.ok(
        results.some(
          (r) => r.unique_id.startsWith('model.') && r.unique_id.includes('.fct_') && r.status === 'skipped',
        ),
        'the facts downstream are skipped',
      );
      await rm(data, { recursive: true, force: true });
    });
  }
});
