import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Warehouse } from '../../../src/warehouse/warehouse';
import { writeMiniDataset } from '../../support/mini-dataset';
import { readCsv } from '../../support/read-csv';
import { cli, cliBuilt, cliWarehouse, readJson } from './fault-kit';

const TEST = 'assert_fct_orders_reconcile_with_items';

interface Results {
  results: {
    unique_id: string;
    status: string;
    failures: number | null;
    failing_rows_sample?: { problem?: string }[];
  }[];
}

/**
 * The singular test that reconciles the two facts reads the built tables (issue 15 rewrote it so that
 * PostgreSQL no longer materializes fct_order_items whole): planted damage in them must still be found,
 * each kind of damage with its own row.
 */
describe(`faults: ${TEST} finds items dropped from or changed in fct_order_items`, () => {
  let warehouse: Warehouse;
  let out: string;
  let data: string;

  before(async function () {
    if (!cliBuilt()) this.skip();
    warehouse = await cliWarehouse();
    out = await mkdtemp(join(tmpdir(), 'etl-faults-reconcile-'));
    data = writeMiniDataset();
    const clean = cli(['run', '--data', data, '--out', out]);
    assert.equal(clean.code, 0, clean.output);
  });
  after(async () => {
    // Leave the marts as a clean run builds them, for the suites that follow.
    if (data) cli(['run', '--data', data, '--out', out]);
    await warehouse?.close();
    if (out) await rm(out, { recursive: true, force: true });
    if (data) await rm(data, { recursive: true, force: true });
  });

  const runTest = () => {
    const outcome = cli(['test', '--select', TEST, '--data', data, '--out', out]);
    const result = readJson<Results>(join(out, 'run_results.json')).results.find((r) =>
      r.unique_id.endsWith(`.${TEST}`),
    );
    assert.ok(result, outcome.output);
    return { outcome, result };
  };

  it('passes on the facts a clean run built', () => {
    const { outcome, result } = runTest();
    assert.equal(outcome.code, 0, outcome.output);
    assert.equal(result.status, 'pass');
  });

  it('counts one row per order whose totals differ and one per missing item', async () => {
    // The oracle: the raw items file, read by the tests' own CSV reader.
    const items = readCsv(join(data, 'raw_items.csv'));
    const orderOf = (item: string) => items.find((row) => row.id === item)?.order_id as string;
    const dropped = ['i2']; // its order loses an item and the item is missing
    const recosted = ['i4']; // its order's cost no longer adds up
    assert.notEqual(orderOf('i2'), orderOf('i4'), 'two different orders');
    const ordersOff = new Set([...dropped, ...recosted].map(orderOf));
    const expected = ordersOff.size + dropped.length;

    await warehouse.query(
      `delete from marts.fct_order_items where order_item_id in ('${dropped.join("', '")}')`,
    );
    await warehouse.query(
      `update marts.fct_order_items set supply_cost = supply_cost + 1 where order_item_id in ('${recosted.join("', '")}')`,
    );
    const { outcome, result } = runTest();
    assert.equal(outcome.code, 1, outcome.output);
    assert.equal(result.status, 'fail');
    assert.equal(result.failures, expected);
    const problems = (result.failing_rows_sample ?? []).map((row) => row.problem ?? '');
    assert.equal(
      problems.filter((p) => p === 'order totals differ from fct_order_items').length,
      ordersOff.size,
    );
    for (const item of dropped)
      assert.ok(problems.includes(`item ${item} missing from fct_order_items`), item);
  });
});
