import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { orderTax } from '../../src/generate';
import { loadProject } from '../../src/models/load-project';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { testWarehouse } from '../support/test-warehouse';

const PROJECT = resolve(__dirname, '../../sql');

/** Subtotal (cents) × tax rate (as a file writes it): exact halves, whole products, float traps. */
const BOUNDARIES: [number, string][] = [
  [1100, '0.06'], // 66 exactly; jafgen's float product 0.6599… truncates to 65
  [700, '0.075'], // 52.5: an exact half
  [2200, '0.06'], // 132; upstream wrote 131
  [1450, '0.0775'], // 112.375
  [500, '0.0825'], // 41.25
  [1, '0.0625'], // 0.0625
  [800, '0.0625'], // 50 exactly
  [12345, '0.0625'], // 771.5625
  [2500, '0.045'], // 112.5
  [3300, '0.07'], // 231 exactly
];

/** Tax in cents by each rounding rule, computed exactly with BigInt from the rate's decimal text. */
function taxes(subtotal: number, rate: string) {
  const fraction = rate.split('.')[1] ?? '';
  const num = BigInt(rate.replace('.', ''));
  const den = 10n ** BigInt(fraction.length);
  const product = BigInt(subtotal) * num; // tax in cents = product / den
  const floor = product / den;
  const remainder = product - floor * den;
  const halfUp = 2n * remainder >= den ? floor + 1n : floor;
  const bankers = 2n * remainder > den || (2n * remainder === den && floor % 2n === 1n) ? floor + 1n : floor;
  return {
    exact: { num: product, den },
    rules: {
      truncation: Number(floor),
      half_up: Number(halfUp),
      bankers: Number(bankers),
      // jafgen: int(rate × dollars × 100) on doubles
      float_truncation: Math.trunc(Number(rate) * (subtotal / 100) * 100),
    },
  };
}

/**
 * The tolerance of `assert_order_tax_matches_store_rate`, run as compiled on PostgreSQL over
 * hand-made staging rows: every rounding rule passes on boundary values, two cents off fails.
 */
describe('assert_order_tax_matches_store_rate: a cent of rounding passes, whatever the rule', () => {
  let warehouse: Warehouse;
  let failing: Set<string>;
  const expectedFailing = new Set<string>();
  const passing: string[] = [];

  before(async () => {
    warehouse = await testWarehouse();
    await warehouse.query('create schema staging');
    await warehouse.query('create schema intermediate');
    await warehouse.query(
      'create table staging.stg_orders (order_id text, store_id text, ordered_at timestamp, subtotal numeric(12, 2), tax_paid numeric(12, 2))',
    );
    // one version per store, in force from the beginning of time (valid_from and valid_to null)
    await warehouse.query(
      'create table intermediate.int_store_tax_rates (store_id text, tax_rate numeric(9, 6), valid_from timestamp, valid_to timestamp)',
    );
    for (const [index, [subtotal, rate]] of BOUNDARIES.entries()) {
      const store = `s${index}`;
      await warehouse.query('insert into intermediate.int_store_tax_rates values ($1, $2, null, null)', [
        store,
        rate,
      ]);
      const { exact, rules } = taxes(subtotal, rate);
      const rows: [string, number][] = Object.entries(rules).map(([rule, tax]) => [`${store}-${rule}`, tax]);
      rows.push(
        [`${store}-two-cents-over`, rules.half_up + 2],
        [`${store}-two-cents-under`, rules.truncation - 2],
      );
      for (const [id, tax] of rows) {
        // More than one cent away from the exact product: |tax × den − product| > den.
        const gap = BigInt(tax) * exact.den - exact.num;
        if ((gap < 0n ? -gap : gap) > exact.den) expectedFailing.add(id);
        else passing.push(id);
        await warehouse.query('insert into staging.stg_orders values ($1, $2, $3, $4, $5)', [
          id,
          store,
          '2024-07-01 12:00:00',
          (subtotal / 100).toFixed(2),
          (tax / 100).toFixed(2),
        ]);
      }
    }
    const project = await loadProject(PROJECT, { dialect: warehouse.dialect });
    const test = project.tests.find((t) => t.name === 'assert_order_tax_matches_store_rate');
    assert.ok(test, 'the singular test exists');
    const result = await warehouse.query<{ order_id: string }>(
      `select order_id from (\n${test.compiledSql}\n) as failing`,
    );
    failing = new Set(result.rows.map((row) => row.order_id));
  });
  after(async () => {
    await warehouse?.close();
  });

  it('reads the boundary values right: 11.00 × 0.06 and 7.00 × 0.075 by each rule', () => {
    assert.deepEqual(taxes(1100, '0.06').rules, {
      truncation: 66,
      half_up: 66,
      bankers: 66,
      float_truncation: 65,
    });
    assert.deepEqual(taxes(700, '0.075').rules, {
      truncation: 52,
      half_up: 53,
      bankers: 52,
      float_truncation: 52,
    });
    assert.deepEqual(taxes(2500, '0.045').rules.bankers, 112); // 112.5 → even
    // The generator's two modes agree with the independent computation.
    assert.equal(orderTax(1100, 600, true), 65);
    assert.equal(orderTax(700, 750, false), 53);
  });

  it('passes truncation, half-up, banker’s rounding and the truncated float product', () => {
    assert.equal(passing.length, BOUNDARIES.length * 4);
    for (const id of passing) assert.ok(!failing.has(id), `${id} was reported`);
  });

  it('reports a tax two cents away from the exact product', () => {
    assert.equal(expectedFailing.size, BOUNDARIES.length * 2);
    assert.deepEqual([...failing].sort(), [...expectedFailing].sort());
  });
});
