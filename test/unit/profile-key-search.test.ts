import { strict as assert } from 'node:assert';
import type { ColumnStats, TableStats } from '../../src/profile/column-stats-query';
import { groupingMask, isIdLike, planKeyPairs, singleColumnKeys } from '../../src/profile/key-search';
import { pairKeysQuery } from '../../src/profile/pair-keys-query';
import { PostgresDialect } from '../../src/warehouse/dialect';

function column(name: string, distinct: number, extra: Partial<ColumnStats> = {}): ColumnStats {
  return {
    name,
    catalogType: 'text',
    inferredType: 'text',
    nulls: 0,
    nullShare: 0,
    distinct,
    min: null,
    max: null,
    minLength: 1,
    maxLength: 20,
    ...extra,
  };
}

/** raw_supplies of the shipped dataset: 63 rows, 28 supplies used by 10 products. */
const supplies: TableStats = {
  rows: 63,
  columns: [
    column('id', 28),
    column('name', 28),
    column('cost', 20, {
      catalogType: 'bigint',
      inferredType: 'integer',
      minLength: undefined,
      maxLength: undefined,
    }),
    column('perishable', 2, { catalogType: 'boolean', inferredType: 'boolean' }),
    column('sku', 10),
  ],
};

describe('profile: key search (pure)', () => {
  it('finds single-column keys: no nulls and one distinct value per row', () => {
    const stats: TableStats = {
      rows: 5,
      columns: [column('id', 5), column('order_id', 3), column('maybe', 5, { nulls: 1 }), column('n', 4)],
    };
    assert.deepEqual(singleColumnKeys(stats), ['id']);
    assert.deepEqual(singleColumnKeys({ rows: 0, columns: [column('id', 0)] }), []);
  });

  it('ranks id-like pairs first, then the fewest combinations; prunes impossible pairs', () => {
    const pairs = planKeyPairs(supplies);
    assert.deepEqual(pairs[0], ['id', 'sku'], 'the contract key comes first');
    // 2 × 10 < 63 rows: perishable with sku can never be unique, so it is not tested.
    assert.ok(!pairs.some((p) => p.includes('perishable') && p.includes('sku')));
    // Every planned pair could be unique.
    const distinct = new Map(supplies.columns.map((c) => [c.name, c.distinct]));
    for (const [a, b] of pairs)
      assert.ok((distinct.get(a) ?? 0) * (distinct.get(b) ?? 0) >= 63, `${a}, ${b}`);
    assert.deepEqual(planKeyPairs(supplies, 2).length, 2);
  });

  it('leaves out columns with nulls, constant columns, prose and fractions', () => {
    const stats: TableStats = {
      rows: 100,
      columns: [
        column('a_id', 50),
        column('b_id', 50, { nulls: 3 }),
        column('constant', 1),
        column('description', 90, { maxLength: 400 }),
        column('ratio', 80, { catalogType: 'numeric', inferredType: 'decimal' }),
        column('code', 10),
      ],
    };
    assert.deepEqual(planKeyPairs(stats), [['a_id', 'code']]);
  });

  it('recognises id-like names', () => {
    for (const name of ['id', 'order_id', 'customerId', 'sku', 'product_code', 'store_key', 'invoice_no']) {
      assert.ok(isIdLike(name), name);
    }
    for (const name of ['name', 'valid', 'video', 'price', 'ordered_at']) assert.ok(!isIdLike(name), name);
  });

  it('computes the grouping() mask of a grouping set', () => {
    const args = ['id', 'sku', 'name'];
    assert.equal(groupingMask(args, ['id', 'sku']), 0b001);
    assert.equal(groupingMask(args, ['id', 'name']), 0b010);
    assert.equal(groupingMask(args, ['sku', 'name']), 0b100);
  });

  it('builds one grouping-sets statement for all pairs, with distinct masks', () => {
    const { sql, masks } = pairKeysQuery(new PostgresDialect(), 'raw', 'raw_supplies', [
      ['id', 'sku'],
      ['name', 'sku'],
    ]);
    assert.match(sql, /grouping\("id", "sku", "name"\)/);
    assert.match(sql, /grouping sets \(\("id", "sku"\), \("name", "sku"\)\)/);
    assert.deepEqual(
      [...masks.values()],
      [
        ['id', 'sku'],
        ['name', 'sku'],
      ],
    );
    assert.equal(masks.size, 2);
  });

  it('keeps grouping() within its 31 arguments', () => {
    const pairs: [string, string][] = Array.from({ length: 20 }, (_, i) => [`a${i}`, `b${i}`]);
    const { sql, masks } = pairKeysQuery(new PostgresDialect(), 'raw', 't', pairs);
    assert.equal(masks.size, 15, '15 pairs use 30 columns; a 16th would need 32');
    assert.equal(sql.match(/\(("a\d+"), ("b\d+")\)/g)?.length, 15);
  });
});
