import { strict as assert } from 'node:assert';
import { nameSuggestsReference } from '../../src/profile/name-suggests-reference';
import type { ColumnProfile, TableProfile } from '../../src/profile/profile';
import { referenceCandidates } from '../../src/profile/reference-candidates';
import { orphanQuery, probeQuery, referenceQuery } from '../../src/profile/reference-query';
import { PostgresDialect } from '../../src/warehouse/dialect';

const UUID = { inferredType: 'uuid', minLength: 36, maxLength: 36 } as const;

function column(name: string, distinct: number, extra: Partial<ColumnProfile> = {}): ColumnProfile {
  return {
    name,
    catalogType: 'text',
    inferredType: 'text',
    nulls: 0,
    nullShare: 0,
    distinct,
    min: null,
    max: null,
    minLength: 2,
    maxLength: 8,
    topValues: [],
    samples: [`${name}-sample`],
    ...extra,
  };
}

function table(name: string, rows: number, columns: ColumnProfile[], keys: string[][]): TableProfile {
  return {
    name,
    rows,
    duplicateRows: 0,
    columns,
    candidateKeys: keys.map((k) => ({ columns: k, matchesContract: false })),
    testedPairs: 0,
    contractKey: null,
    seconds: 0,
  };
}

/** The raw schema's shape with uuid ids, as profiled. */
const tables: TableProfile[] = [
  table('raw_customers', 100, [column('id', 100, UUID), column('name', 90, { maxLength: 40 })], [['id']]),
  table(
    'raw_orders',
    1000,
    [
      column('id', 1000, UUID),
      column('customer', 100, UUID),
      column('store_id', 4, UUID),
      column('subtotal', 300, { catalogType: 'bigint', inferredType: 'integer' }),
    ],
    [['id']],
  ),
  table(
    'raw_items',
    2000,
    [column('id', 2000, UUID), column('order_id', 1000, UUID), column('sku', 10)],
    [['id']],
  ),
  table(
    'raw_products',
    10,
    [column('sku', 10), column('name', 10, { maxLength: 30 }), column('description', 10, { maxLength: 300 })],
    [['sku'], ['name'], ['description']],
  ),
  table('raw_stores', 4, [column('id', 4, UUID), column('name', 4)], [['id'], ['name']]),
  table('raw_supplies', 63, [column('id', 28), column('sku', 10)], [['id', 'sku']]),
];

const key = (c: { fromTable: string; fromColumn: string; toTable: string; toColumn: string }) =>
  `${c.fromTable}.${c.fromColumn} → ${c.toTable}.${c.toColumn}`;

describe('profile: reference heuristics (pure)', () => {
  it('reads references from column names', () => {
    assert.ok(nameSuggestsReference('customer', 'raw_customers', 'id'));
    assert.ok(nameSuggestsReference('store_id', 'raw_stores', 'id'));
    assert.ok(nameSuggestsReference('customerId', 'customers', 'id'));
    assert.ok(nameSuggestsReference('sku', 'raw_products', 'sku'));
    assert.ok(nameSuggestsReference('product_sku', 'raw_products', 'sku'));
    assert.ok(nameSuggestsReference('supply_id', 'raw_supplies', 'id'));
    assert.ok(!nameSuggestsReference('id', 'raw_orders', 'id'), 'a generic key name alone says nothing');
    assert.ok(!nameSuggestsReference('customer', 'raw_customers', 'name'), 'name is not an identifier');
    assert.ok(!nameSuggestsReference('store_id', 'raw_customers', 'id'));
  });

  it('proposes the contract’s references by name, never a key to itself or a key to another key', () => {
    const candidates = referenceCandidates(tables);
    const byName = candidates.filter((c) => c.nameSuggests).map(key);
    assert.deepEqual(byName.sort(), [
      'raw_items.order_id → raw_orders.id',
      'raw_items.sku → raw_products.sku',
      'raw_orders.customer → raw_customers.id',
      'raw_orders.store_id → raw_stores.id',
      'raw_supplies.sku → raw_products.sku',
    ]);
    for (const c of candidates) assert.notEqual(c.fromTable, c.toTable, key(c));
    assert.ok(
      !candidates.some((c) => c.fromColumn === 'id' && c.fromTable !== 'raw_supplies'),
      'ids are keys',
    );
    assert.ok(!candidates.some((c) => c.toColumn === 'description'), 'prose');
    assert.ok(!candidates.some((c) => c.fromColumn === 'subtotal'), 'amounts are not references');
  });

  it('adds value-only candidates only when types, cardinality and lengths allow', () => {
    const byValue = referenceCandidates(tables)
      .filter((c) => !c.nameSuggests)
      .map(key);
    // A uuid column with fewer distinct values than a uuid key might point at it…
    assert.ok(byValue.includes('raw_orders.store_id → raw_customers.id'));
    // …but not at a key with fewer values than itself.
    assert.ok(!byValue.includes('raw_orders.customer → raw_stores.id'));
    // A short code only with an id-like name: raw_items.sku may point at raw_products.name.
    assert.ok(byValue.includes('raw_items.sku → raw_products.name'));
    assert.ok(!byValue.some((c) => c.startsWith('raw_customers.name')));
  });

  it('targets a declared key even when the data breaks it', () => {
    const broken = tables.map((t) => (t.name === 'raw_customers' ? { ...t, candidateKeys: [] } : t));
    const candidates = referenceCandidates(broken, { raw_customers: ['id'] });
    const customer = candidates.find((c) => key(c) === 'raw_orders.customer → raw_customers.id');
    assert.ok(customer);
    assert.equal(customer.toUnique, false);
    assert.equal(
      referenceCandidates(broken).some((c) => c.toTable === 'raw_customers'),
      false,
    );
  });

  it('joins a unique key as is and a declared key through distinct; probes with a bind parameter', () => {
    const d = new PostgresDialect();
    const [candidate] = referenceCandidates(tables).filter(
      (c) => key(c) === 'raw_items.order_id → raw_orders.id',
    );
    assert.ok(candidate);
    assert.doesNotMatch(referenceQuery(d, 'raw', candidate), /distinct/);
    assert.match(referenceQuery(d, 'raw', { ...candidate, toUnique: false }), /select distinct "id"/);
    assert.match(orphanQuery(d, 'raw', candidate), /not exists \(select 1 from "raw"\."raw_orders"/);
    assert.match(probeQuery(d, 'raw', candidate), /= any\(\$1::text\[\]\)/);
    assert.throws(
      () => referenceQuery(d, 'raw', { ...candidate, fromColumn: 'x"; drop table y; --' }),
      /Invalid SQL identifier/,
    );
  });
});
