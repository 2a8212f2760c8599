import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileSummary } from '../../src/cli/commands/profile-command';
import { loadDataset } from '../../src/loader/load-dataset';
import { type Profile, profileFrames, profileWarehouse, writeProfile } from '../../src/profile';
import { classifyValue } from '../../src/profile/value-kinds';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { writeMiniDataset } from '../support/mini-dataset';
import { testWarehouse } from '../support/test-warehouse';

async function loadInto(warehouse: Warehouse, dataDir: string): Promise<void> {
  const results = await loadDataset(warehouse, { dataDir });
  assert.deepEqual(
    results.filter((r) => r.status !== 'success').map((r) => r.error?.message),
    [],
  );
}

const tableOf = (profile: Profile, name: string) => {
  const table = profile.tables.find((t) => t.name === name);
  assert.ok(table, `profile has ${name}`);
  return table;
};
const columnOf = (profile: Profile, table: string, name: string) => {
  const column = tableOf(profile, table).columns.find((c) => c.name === name);
  assert.ok(column, `profile has ${table}.${name}`);
  return column;
};
const foreignKeys = (profile: Profile) =>
  profile.relationships
    .filter((r) => r.accepted)
    .map((r) => `${r.fromTable}.${r.fromColumn} → ${r.toTable}.${r.toColumn} ${r.coverage}`)
    .sort();
const problems = (profile: Profile) => profile.findings.filter((f) => f.severity !== 'info');

describe('profile (embedded PostgreSQL)', () => {
  describe('the clean mini dataset', () => {
    let warehouse: Warehouse;
    let profile: Profile;
    before(async () => {
      warehouse = await testWarehouse();
      await loadInto(warehouse, writeMiniDataset());
      profile = await profileWarehouse(warehouse, { schema: 'raw' });
    });
    after(() => warehouse.close());

    it('finds the declared single-column keys and the composite (id, sku) of raw_supplies', () => {
      const keys = Object.fromEntries(profile.tables.map((t) => [t.name, t.candidateKeys]));
      assert.deepEqual(keys.raw_customers, [
        { columns: ['id'], matchesContract: true },
        { columns: ['name'], matchesContract: false },
      ]);
      assert.deepEqual(keys.raw_items, [{ columns: ['id'], matchesContract: true }]);
      assert.deepEqual(keys.raw_supplies?.[0], { columns: ['id', 'sku'], matchesContract: true });
      assert.ok(
        keys.raw_supplies?.every((k) => k.columns.length === 2),
        'no single column identifies a supply row',
      );
      const supplies = tableOf(profile, 'raw_supplies');
      assert.ok(supplies.testedPairs > 0);
      assert.equal(supplies.duplicateRows, 0);
      for (const table of profile.tables) assert.equal(table.contractKey?.holds, true, table.name);
    });

    it('infers the five references of the contract with coverage 1.0', () => {
      assert.deepEqual(foreignKeys(profile), [
        'raw_items.order_id → raw_orders.id 1',
        'raw_items.sku → raw_products.sku 1',
        'raw_orders.customer → raw_customers.id 1',
        'raw_orders.store_id → raw_stores.id 1',
        'raw_supplies.sku → raw_products.sku 1',
      ]);
      for (const r of profile.relationships) assert.notEqual(r.fromTable, r.toTable);
    });

    it('computes column statistics that match the data', () => {
      assert.equal(tableOf(profile, 'raw_orders').rows, 3);
      assert.equal(tableOf(profile, 'raw_items').rows, 5);
      const sku = columnOf(profile, 'raw_items', 'sku');
      assert.deepEqual(
        { nulls: sku.nulls, distinct: sku.distinct, min: sku.min, max: sku.max, minLength: sku.minLength },
        { nulls: 0, distinct: 2, min: 'BEV-001', max: 'JAF-001', minLength: 7 },
      );
      assert.deepEqual(sku.topValues, [
        { value: 'BEV-001', count: 3 },
        { value: 'JAF-001', count: 2 },
      ]);
      assert.deepEqual(columnOf(profile, 'raw_orders', 'subtotal').quantiles, {
        p0: 1100,
        p25: 1150,
        p50: 1200,
        p75: 1450,
        p100: 1700,
      });
      const orderedAt = columnOf(profile, 'raw_orders', 'ordered_at');
      assert.equal(orderedAt.inferredType, 'timestamp');
      assert.equal(orderedAt.min, '2024-01-02 08:00:00');
      assert.equal(columnOf(profile, 'raw_supplies', 'perishable').inferredType, 'boolean');
      assert.equal(columnOf(profile, 'raw_stores', 'tax_rate').inferredType, 'decimal');
      assert.equal(columnOf(profile, 'raw_customers', 'name').samples[0], "Zoë O'Brien");
      for (const table of profile.tables) {
        for (const column of table.columns) assert.equal(column.nulls, 0, `${table.name}.${column.name}`);
      }
    });

    it('reports no problem on clean data and times every table', () => {
      assert.deepEqual(problems(profile), []);
      for (const table of profile.tables) assert.ok(table.seconds >= 0 && table.seconds < 30, table.name);
      assert.ok(profile.seconds > 0);
    });

    it('aggregates the chart data in SQL', () => {
      assert.deepEqual(profile.charts.itemsPerOrder, [
        { items: 1, orders: 1 },
        { items: 2, orders: 2 },
      ]);
      assert.deepEqual(
        profile.charts.ordersPerDay?.map((d) => d.day),
        ['2024-01-02', '2024-02-03', '2024-03-05'],
      );
      const bins = profile.charts.orderValues ?? [];
      assert.equal(
        bins.reduce((sum, b) => sum + b.orders, 0),
        3,
      );
      // $11.66, $12.48 and $18.02 each fall inside their bin.
      for (const total of [11.66, 12.48, 18.02]) {
        assert.ok(
          bins.some((b) => b.binStart <= total && total < b.binEnd),
          `${total}`,
        );
      }
    });

    it('writes profile.json and a self-contained profile.html with three charts', async () => {
      const out = mkdtempSync(join(tmpdir(), 'etl-profile-'));
      const written = await writeProfile(profile, out);
      assert.equal(written.json, join(out, 'profile.json'));
      assert.deepEqual(JSON.parse(readFileSync(written.json, 'utf8')).tables.length, 6);
      const html = readFileSync(written.html, 'utf8');
      assert.equal(html.match(/<svg/g)?.length, 3);
      assert.match(html, /Zoë O&#39;Brien/);
      assert.doesNotMatch(html, /<script|<link /);
      const frames = profileFrames(profile);
      assert.equal(frames.columns.length, 26);
      assert.equal(frames.relationships.length, 5);
    });

    it('profiles only the tables asked for and names a missing one', async () => {
      const partial = await profileWarehouse(warehouse, { tables: ['raw_stores', 'raw_orders'] });
      assert.deepEqual(
        partial.tables.map((t) => t.name),
        ['raw_stores', 'raw_orders'],
      );
      assert.deepEqual(foreignKeys(partial), ['raw_orders.store_id → raw_stores.id 1']);
      assert.deepEqual(partial.charts.itemsPerOrder, undefined, 'raw_items was not profiled');
      await assert.rejects(
        profileWarehouse(warehouse, { tables: ['raw_order'] }),
        /Cannot profile raw\.raw_order: no such table\. Schema raw has: raw_customers, raw_items/,
      );
      await assert.rejects(
        profileWarehouse(warehouse, { schema: 'staging' }),
        /Schema staging has no tables to profile/,
      );
    });
  });

  describe('type inference from the values of text columns', () => {
    let warehouse: Warehouse;
    let profile: Profile;
    before(async () => {
      warehouse = await testWarehouse();
      await warehouse.query('create schema lab');
      await warehouse.query(
        'create table lab.samples (id text, at text, qty text, price text, flag text, note text, mixed text, amount numeric)',
      );
      for (let i = 1; i <= 10; i++) {
        await warehouse.query('insert into lab.samples values ($1, $2, $3, $4, $5, $6, $7, $8)', [
          `0ab104d2-3228-48f3-97c2-${String(i).padStart(12, '0')}`,
          i <= 8 ? `2024-09-${String(i).padStart(2, '0')}T08:22:00` : null,
          String(i * 3),
          i % 2 === 0 ? `${i}.25` : String(i),
          i % 3 === 0 ? 'True' : 'false',
          i <= 3 ? null : `note ${i % 4}`,
          i === 10 ? 'n/a' : `2024-09-0${i} 10:00`,
          i / 4,
        ]);
      }
      profile = await profileWarehouse(warehouse, { schema: 'lab' });
    });
    after(() => warehouse.close());

    it('infers uuid, timestamp, integer, decimal, boolean and text', () => {
      const inferred = Object.fromEntries(
        tableOf(profile, 'samples').columns.map((c) => [c.name, c.inferredType]),
      );
      assert.deepEqual(inferred, {
        id: 'uuid',
        at: 'timestamp',
        qty: 'integer',
        price: 'decimal',
        flag: 'boolean',
        note: 'text',
        mixed: 'text',
        amount: 'decimal',
      });
      assert.deepEqual(columnOf(profile, 'samples', 'price').valueKinds, { integer: 5, decimal: 5 });
      assert.deepEqual(columnOf(profile, 'samples', 'mixed').valueKinds, { timestamp: 9, text: 1 });
    });

    it('counts nulls and shares, and reports a column that is mostly timestamps', () => {
      const at = columnOf(profile, 'samples', 'at');
      assert.deepEqual([at.nulls, at.nullShare, at.distinct], [2, 0.2, 8]);
      const note = columnOf(profile, 'samples', 'note');
      assert.deepEqual([note.nulls, note.distinct], [3, 4]);
      assert.deepEqual(columnOf(profile, 'samples', 'amount').quantiles, {
        p0: 0.25,
        p25: 0.8125,
        p50: 1.375,
        p75: 1.9375,
        p100: 2.5,
      });
      assert.deepEqual(
        profile.findings.map((f) => `${f.severity} ${f.message}`),
        [
          'warn samples.mixed looks like timestamp (90% of values) but 1 value does not',
          'info samples.at is null on 2 rows (20%)',
          'info samples.note is null on 3 rows (30%)',
        ],
      );
      assert.equal(profile.charts.orderValues, undefined, 'no raw_orders here');
    });

    it('labels values in SQL exactly as classifyValue specifies', async () => {
      const values = [
        '0ab104d2-3228-48f3-97c2-541d29b59783',
        '0AB104D2-3228-48F3-97C2-541D29B59783',
        '0ab104d2-3228-48f3-97c2-541d29b5978g',
        '0ab104d2-3228-48f3-97c2--41d29b59783',
        '2024-09-01T08:22:00.123+02:00',
        '2024-09-01',
        '2024-9-01',
        'YES',
        't',
        '-7',
        '.5',
        '1e5',
        '1.5e-3',
        'JAF-001',
        '',
        ' 42',
        'naïve – ünïcode',
      ];
      const columns = values.map((_, i) => `v${i} text`).join(', ');
      await warehouse.query(`create table lab.kinds (${columns})`);
      await warehouse.query(
        `insert into lab.kinds values (${values.map((_, i) => `$${i + 1}`).join(', ')})`,
        values,
      );
      const kinds = await profileWarehouse(warehouse, { schema: 'lab', tables: ['kinds'] });
      assert.deepEqual(
        tableOf(kinds, 'kinds').columns.map((c) => c.inferredType),
        values.map((v) => classifyValue(v)),
      );
    });
  });

  describe('a deliberately dirty dataset', () => {
    let warehouse: Warehouse;
    let profile: Profile;
    before(async () => {
      warehouse = await testWarehouse();
      // Known problems: customer c1 twice, item i13 of an order that does not exist (o9), order o2
      // with order_total ≠ subtotal + tax_paid, product BEV-002 with a negative price, order o4
      // placed before store s2 opened. Everything else adds up (subtotals, tax).
      const dir = writeMiniDataset({
        'raw_customers.csv': 'id,name\nc1,Zoë O\'Brien\nc2,"Smith, Jo"\nc3,Søren\nc1,Zoe Again\n',
        'raw_products.csv':
          'sku,name,type,price,description\nJAF-001,nutellaphone who dis?,jaffle,1100,toasted\nBEV-001,tangaroo,beverage,600,smoothie\nBEV-002,refund,beverage,-300,a negative price\n',
        'raw_orders.csv': [
          'id,customer,ordered_at,store_id,subtotal,tax_paid,order_total',
          'o1,c1,2024-01-02T08:00:00,s1,2300,138,2438',
          'o2,c1,2024-02-03T12:30:00,s1,2200,132,2335',
          'o3,c2,2024-03-05T09:15:00,s2,1800,72,1872',
          'o4,c3,2024-02-10T10:00:00,s2,1700,68,1768',
          'o5,c2,2024-03-06T11:00:00,s2,2200,88,2288',
          '',
        ].join('\n'),
        'raw_items.csv': [
          'id,order_id,sku',
          'i1,o1,JAF-001',
          'i2,o1,BEV-001',
          'i3,o1,BEV-001',
          'i4,o2,JAF-001',
          'i5,o2,JAF-001',
          'i6,o3,BEV-001',
          'i7,o3,BEV-001',
          'i8,o3,BEV-001',
          'i9,o4,JAF-001',
          'i10,o4,BEV-001',
          'i11,o5,JAF-001',
          'i12,o5,JAF-001',
          'i13,o9,JAF-001',
          '',
        ].join('\n'),
      });
      await loadInto(warehouse, dir);
      profile = await profileWarehouse(warehouse);
    });
    after(() => warehouse.close());

    it('names each problem precisely, with the right counts and examples', () => {
      const found = problems(profile).map((f) => ({
        severity: f.severity,
        code: f.code,
        message: f.message,
        count: f.count,
        examples: f.examples,
      }));
      assert.deepEqual(found, [
        {
          severity: 'error',
          code: 'duplicate_key',
          message: 'raw_customers has 1 duplicate id (2 rows carry it)',
          count: 1,
          examples: ['c1'],
        },
        {
          severity: 'error',
          code: 'orphan_reference',
          message:
            '1 item references an unknown order (raw_items.order_id → raw_orders.id: 1 value not found)',
          count: 1,
          examples: ['o9'],
        },
        {
          severity: 'error',
          code: 'order_total_mismatch',
          message: 'raw_orders.order_total ≠ subtotal + tax_paid on 1 row',
          count: 1,
          examples: ['o2'],
        },
        {
          severity: 'error',
          code: 'negative_amount',
          message: 'raw_products.price is negative on 1 row',
          count: 1,
          examples: ['BEV-002'],
        },
        {
          severity: 'warn',
          code: 'order_before_store_opened',
          message: 'raw_orders has orders before their store opened (1 row)',
          count: 1,
          examples: ['o4'],
        },
      ]);
    });

    it('prints each finding in plain words for the CLI, errors first, with examples', () => {
      const lines = profileSummary(profile);
      const findings = lines.slice(lines.findIndex((l) => l.startsWith('Findings:')));
      assert.match(findings[0] ?? '', /^Findings: 4 errors, 1 warning, \d+ notes?:$/);
      assert.deepEqual(findings.slice(1, 6), [
        '  ✘ raw_customers has 1 duplicate id (2 rows carry it) (e.g. c1)',
        '  ✘ 1 item references an unknown order (raw_items.order_id → raw_orders.id: 1 value not found) (e.g. o9)',
        '  ✘ raw_orders.order_total ≠ subtotal + tax_paid on 1 row (e.g. o2)',
        '  ✘ raw_products.price is negative on 1 row (e.g. BEV-002)',
        '  ! raw_orders has orders before their store opened (1 row) (e.g. o4)',
      ]);
      assert.ok(
        lines.includes('  raw_items.order_id → raw_orders.id  92.3%'),
        'coverage of the broken reference',
      );
    });

    it('still links orders to customers through the broken declared key', () => {
      const customers = tableOf(profile, 'raw_customers');
      assert.deepEqual(customers.contractKey, {
        columns: ['id'],
        holds: false,
        nullRows: 0,
        duplicateValues: 1,
        duplicateRows: 2,
        examples: ['c1'],
      });
      assert.deepEqual(customers.candidateKeys, [{ columns: ['name'], matchesContract: false }]);
      const items = profile.relationships.find(
        (r) => r.fromTable === 'raw_items' && r.fromColumn === 'order_id',
      );
      assert.deepEqual(
        items && [items.accepted, items.nonNull, items.orphanRows, items.orphanValues, items.orphanExamples],
        [true, 13, 1, 1, ['o9']],
      );
      assert.equal(items?.coverage, 12 / 13);
      assert.ok(foreignKeys(profile).includes('raw_orders.customer → raw_customers.id 1'));
    });

    it('rejects a reference below the coverage threshold when asked for more', async () => {
      const strict = await profileWarehouse(warehouse, {
        minCoverage: 0.95,
        tables: ['raw_orders', 'raw_items'],
      });
      const weak = strict.findings.find((f) => f.code === 'weak_reference');
      assert.equal(
        weak?.message,
        'raw_items.order_id looks like a reference to raw_orders.id, but only 92.3% of its values are found there (1 row not found)',
      );
    });
  });
});
