import { strict as assert } from 'node:assert';
import { entityName } from '../../src/profile/entity-name';
import { findingText } from '../../src/profile/finding-text';
import { genericFindings } from '../../src/profile/generic-findings';
import type { ColumnProfile, Relationship, TableProfile } from '../../src/profile/profile';

function column(name: string, extra: Partial<ColumnProfile> = {}): ColumnProfile {
  return {
    name,
    catalogType: 'text',
    inferredType: 'text',
    nulls: 0,
    nullShare: 0,
    distinct: 1,
    min: null,
    max: null,
    topValues: [],
    samples: [],
    ...extra,
  };
}

function table(
  name: string,
  rows: number,
  columns: ColumnProfile[],
  extra: Partial<TableProfile> = {},
): TableProfile {
  return {
    name,
    rows,
    duplicateRows: 0,
    columns,
    candidateKeys: [{ columns: [columns[0]?.name ?? 'id'], matchesContract: true }],
    testedPairs: 0,
    contractKey: null,
    seconds: 0,
    ...extra,
  };
}

function reference(extra: Partial<Relationship>): Relationship {
  return {
    fromTable: 'raw_items',
    fromColumn: 'order_id',
    toTable: 'raw_orders',
    toColumn: 'id',
    nameSuggests: true,
    coverage: 1,
    nonNull: 100,
    orphanRows: 0,
    orphanValues: 0,
    orphanExamples: [],
    accepted: true,
    ...extra,
  };
}

describe('profile: findings wording (pure)', () => {
  it('counts with the right plural and verb', () => {
    assert.equal(findingText.count(1, 'row'), '1 row');
    assert.equal(findingText.count(12, 'item'), '12 items');
    assert.equal(findingText.count(2, 'supply'), '2 supplies');
    assert.equal(findingText.count(1234, 'order'), '1,234 orders');
    assert.equal(findingText.verb(1, 'has', 'have'), 'has');
    assert.equal(findingText.percent(0.025), '2.5%');
    assert.equal(findingText.percent(1), '100%');
    assert.equal(findingText.percent(0.00001), '<0.1%');
    assert.equal(findingText.percent(0), '0%');
  });

  it('names the entity of a table', () => {
    assert.equal(entityName('raw_orders'), 'order');
    assert.equal(entityName('raw_supplies'), 'supply');
    assert.equal(entityName('stg_addresses'), 'address');
    assert.equal(entityName('raw_boxes'), 'box');
    assert.equal(entityName('status'), 'status');
  });

  it('words orphans as "N items reference an unknown order"', () => {
    const [finding] = genericFindings(
      [],
      [reference({ orphanRows: 12, orphanValues: 3, orphanExamples: ['o9', 'o10'], coverage: 0.95 })],
    );
    assert.deepEqual(finding, {
      severity: 'error',
      code: 'orphan_reference',
      table: 'raw_items',
      column: 'order_id',
      count: 12,
      message: '12 items reference an unknown order (raw_items.order_id → raw_orders.id: 3 values not found)',
      examples: ['o9', 'o10'],
    });
    const [one] = genericFindings([], [reference({ orphanRows: 1, orphanValues: 1, coverage: 0.99 })]);
    assert.equal(
      one?.message,
      '1 item references an unknown order (raw_items.order_id → raw_orders.id: 1 value not found)',
    );
  });

  it('reports a name-suggested reference that falls short, and nothing for a clean one', () => {
    const findings = genericFindings(
      [],
      [reference({}), reference({ accepted: false, coverage: 0.4, orphanRows: 60, fromColumn: 'order' })],
    );
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'warn');
    assert.equal(
      findings[0]?.message,
      'raw_items.order looks like a reference to raw_orders.id, but only 40% of its values are found there (60 rows not found)',
    );
  });

  it('reports a broken declared key with its duplicates', () => {
    const customers = table(
      'raw_customers',
      4,
      [column('id', { distinct: 3 }), column('name', { distinct: 4 })],
      {
        candidateKeys: [{ columns: ['name'], matchesContract: false }],
        contractKey: {
          columns: ['id'],
          holds: false,
          nullRows: 0,
          duplicateValues: 1,
          duplicateRows: 2,
          examples: ['c1'],
        },
      },
    );
    assert.deepEqual(genericFindings([customers], []), [
      {
        severity: 'error',
        code: 'duplicate_key',
        table: 'raw_customers',
        column: 'id',
        count: 1,
        message: 'raw_customers has 1 duplicate id (2 rows carry it)',
        examples: ['c1'],
      },
    ]);
    const supplies = table('raw_supplies', 10, [column('id'), column('sku')], {
      contractKey: {
        columns: ['id', 'sku'],
        holds: false,
        nullRows: 0,
        duplicateValues: 2,
        duplicateRows: 5,
        examples: [],
      },
    });
    assert.equal(
      genericFindings([supplies], [])[0]?.message,
      'raw_supplies has 2 duplicate (id, sku) pairs (5 rows carry them)',
    );
  });

  it('grades nulls: error in a key column, warn in a reference, info elsewhere', () => {
    const orders = table(
      'raw_orders',
      40,
      [
        column('id', { nulls: 1, nullShare: 0.025 }),
        column('customer', { nulls: 2, nullShare: 0.05 }),
        column('note', { nulls: 40, nullShare: 1 }),
        column('coupon', { nulls: 4, nullShare: 0.1 }),
      ],
      {
        contractKey: {
          columns: ['id'],
          holds: false,
          nullRows: 1,
          duplicateValues: 0,
          duplicateRows: 0,
          examples: [],
        },
      },
    );
    const findings = genericFindings(
      [orders],
      [reference({ fromTable: 'raw_orders', fromColumn: 'customer', toTable: 'raw_customers' })],
    );
    assert.deepEqual(
      findings.map((f) => [f.severity, f.code, f.message]),
      [
        ['error', 'null_key', 'raw_orders.id is null on 1 row (2.5%), but it is the table’s key'],
        ['warn', 'null_reference', 'raw_orders.customer is null on 2 rows (5%)'],
        ['warn', 'all_null', 'raw_orders.note is null on every row (40 rows)'],
        ['info', 'nulls', 'raw_orders.coupon is null on 4 rows (10%)'],
      ],
    );
  });

  it('reports empty tables, missing keys, duplicate rows and mostly-typed text', () => {
    const findings = genericFindings(
      [
        table('raw_empty', 0, [column('id')]),
        table(
          'raw_events',
          20,
          [column('at', { inferredType: 'text', valueKinds: { timestamp: 19, text: 1 } })],
          {
            candidateKeys: [],
            testedPairs: 3,
            duplicateRows: 2,
          },
        ),
      ],
      [],
    );
    assert.deepEqual(
      findings.map((f) => f.message),
      [
        'raw_empty is empty',
        'raw_events has no key of one or two columns in the data (3 column pairs tested)',
        'raw_events has 2 duplicate rows (identical in every column to another row)',
        'raw_events.at looks like timestamp (95% of values) but 1 value does not',
      ],
    );
  });
});
