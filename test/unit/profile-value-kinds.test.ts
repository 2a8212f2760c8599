import { strict as assert } from 'node:assert';
import { classifyValue, dominantKind, inferTextType, likeToRegExp } from '../../src/profile/value-kinds';

describe('profile: value kinds (pure)', () => {
  it('classifies values the way the SQL CASE does', () => {
    const cases: [string, string][] = [
      ['0ab104d2-3228-48f3-97c2-541d29b59783', 'uuid'],
      ['0AB104D2-3228-48F3-97C2-541D29B59783', 'uuid'],
      ['0ab104d2-3228-48f3-97c2-541d29b5978', 'text'], // one digit short
      ['0ab104d2-3228-48f3-97c2-541d29b59783x', 'text'],
      ['0ab104d2x3228-48f3-97c2-541d29b59783', 'text'],
      ['0ab104d2-3228-48f3-97c2-541d29b5978g', 'text'],
      ['0ab104d2-3228-48f3-97c2--41d29b59783', 'text'], // a fifth dash
      ['2024-09-01T08:22:00', 'timestamp'],
      ['2024-09-01 08:22', 'timestamp'],
      ['2024-09-01T08:22:00.123+02:00', 'timestamp'],
      ['2024-09-01T08:22:00Z', 'timestamp'],
      ['2024-09-01', 'timestamp'],
      ['2024-9-01', 'text'],
      ['2024-09-01T8:22', 'text'],
      ['True', 'boolean'],
      ['false', 'boolean'],
      ['YES', 'boolean'],
      ['t', 'text'],
      ['42', 'integer'],
      ['-7', 'integer'],
      ['+0', 'integer'],
      ['0.0625', 'decimal'],
      ['.5', 'decimal'],
      ['1e5', 'text'],
      ['1.5e-3', 'decimal'],
      ['12.', 'decimal'],
      ['1,5', 'text'],
      ['JAF-001', 'text'],
      ['', 'text'],
      [' 42', 'text'],
    ];
    for (const [value, kind] of cases) assert.equal(classifyValue(value), kind, JSON.stringify(value));
  });

  it('translates LIKE patterns literally apart from _ and %', () => {
    assert.ok(likeToRegExp('a_c%').test('abcdef'));
    assert.ok(!likeToRegExp('a_c%').test('ac'));
    assert.ok(likeToRegExp('(x).*').test('(x).*'));
    assert.ok(!likeToRegExp('(x).*').test('(x)abc'));
  });

  it('infers a text column type only when every non-null value agrees', () => {
    assert.equal(inferTextType({ timestamp: 10 }, 10), 'timestamp');
    assert.equal(inferTextType({ uuid: 3 }, 3), 'uuid');
    assert.equal(inferTextType({ integer: 4, decimal: 6 }, 10), 'decimal');
    assert.equal(inferTextType({ integer: 10 }, 10), 'integer');
    assert.equal(inferTextType({ timestamp: 9, text: 1 }, 10), 'text');
    assert.equal(inferTextType({ boolean: 2, integer: 2 }, 4), 'text');
    assert.equal(inferTextType({}, 0), 'text');
  });

  it('names the dominant kind of a mostly-typed column', () => {
    assert.deepEqual(dominantKind({ timestamp: 9, text: 1 }, 10), {
      kind: 'timestamp',
      count: 9,
      share: 0.9,
    });
    assert.deepEqual(dominantKind({ integer: 5, decimal: 4, text: 1 }, 10), {
      kind: 'decimal',
      count: 9,
      share: 0.9,
    });
    assert.equal(dominantKind({ text: 5 }, 5), null);
  });
});
