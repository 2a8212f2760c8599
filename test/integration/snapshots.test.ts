import { strict as assert } from 'node:assert';
import type { CompiledProject } from '../../src/models/compiled-project';
import type { SnapshotSpec } from '../../src/snapshots/snapshot-spec';
import { takeSnapshots } from '../../src/snapshots/take-snapshots';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { testWarehouse } from '../support/test-warehouse';

/** A project with one declared source, raw.src: the snapshots read it. */
const PROJECT = {
  sources: [{ sourceName: 'raw', name: 'src', relation: '"raw"."src"' }],
  models: [],
} as unknown as Pick<CompiledProject, 'sources' | 'models'>;

const T0 = new Date('2024-01-01T00:00:00Z');
const T1 = new Date('2024-07-01T00:00:00Z');
const T2 = new Date('2024-10-01T00:00:00Z');

function spec(overrides: Partial<SnapshotSpec>): SnapshotSpec {
  return {
    name: 'snp',
    relation: { kind: 'source', source: 'raw', table: 'src' },
    schema: 'snapshots',
    uniqueKey: ['id', 'sku'],
    strategy: 'check',
    checkCols: ['price'],
    hardDeletes: 'ignore',
    declaredAt: 'test',
    ...overrides,
  };
}

describe('snapshots (SCD type 2, as dbt defines them)', () => {
  let warehouse: Warehouse;
  before(async () => {
    warehouse = await testWarehouse();
    await warehouse.query('create schema raw');
  });
  after(() => warehouse?.close());
  beforeEach(async () => {
    await warehouse.query('drop schema if exists snapshots cascade');
    await warehouse.query('drop table if exists raw.src cascade');
  });

  const source = async (rows: string) => {
    await warehouse.query('drop table if exists raw.src cascade');
    await warehouse.query(
      `create table raw.src as select * from (values ${rows}) v(id, sku, price, name, updated_at)`,
    );
  };
  /** Every version as "id/sku price from→to [deleted]", sorted. */
  const versions = async (deleted = false) =>
    (
      await warehouse.query<Record<string, string>>(
        `select id || '/' || sku || ' ' || coalesce(cast(price as varchar), 'null') || ' ' || to_char(dbt_valid_from, 'YYYY-MM-DD') || '→' ||
                coalesce(to_char(dbt_valid_to, 'YYYY-MM-DD'), 'now')${deleted ? ` || ' ' || dbt_is_deleted` : ''} as v
           from snapshots.snp order by 1`,
      )
    ).rows.map((r) => r.v);
  const take = async (s: SnapshotSpec, at: Date) => {
    const [result] = await takeSnapshots(warehouse, PROJECT, [s], { at });
    assert.equal(result?.status, 'success', result?.message);
    return result;
  };
  const ROW = (id: string, sku: string, price: number, name = 'n', updated = '2024-01-01') =>
    `('${id}', '${sku}', ${price}, '${name}', timestamp '${updated}')`;

  it('check strategy, composite key: a changed price is a new version; other columns are not checked', async () => {
    await source([ROW('1', 'A', 100), ROW('1', 'B', 200), ROW('2', 'A', 300)].join(', '));
    const first = await take(spec({}), T0);
    assert.equal(first?.created, true);
    await source([ROW('1', 'A', 110), ROW('1', 'B', 200, 'renamed'), ROW('2', 'A', 300)].join(', '));
    const second = await take(spec({}), T1);
    assert.deepEqual([second?.inserted, second?.closed], [1, 1]);
    assert.deepEqual(await versions(), [
      '1/A 100 2024-01-01→2024-07-01',
      '1/A 110 2024-07-01→now',
      '1/B 200 2024-01-01→now',
      '2/A 300 2024-01-01→now',
    ]);
    const columns = await warehouse.query(`select * from snapshots.snp where 1 = 0`);
    assert.deepEqual(columns.fields.map((f) => f.name).slice(-4), [
      'dbt_scd_id',
      'dbt_updated_at',
      'dbt_valid_from',
      'dbt_valid_to',
    ]);
    const ids = await warehouse.query<{ n: string }>(
      'select count(distinct dbt_scd_id) as n from snapshots.snp',
    );
    assert.equal(Number(ids.rows[0]?.n), 4, 'dbt_scd_id is unique per version');
  });

  it('check_cols: all sees any column; a null on one side is a change', async () => {
    await source([ROW('1', 'A', 100), ROW('2', 'A', 300)].join(', '));
    await take(spec({ checkCols: 'all' }), T0);
    await source([ROW('1', 'A', 100, 'renamed'), `('2', 'A', null, 'n', timestamp '2024-01-01')`].join(', '));
    await take(spec({ checkCols: 'all' }), T1);
    assert.deepEqual(await versions(), [
      '1/A 100 2024-01-01→2024-07-01',
      '1/A 100 2024-07-01→now',
      '2/A 300 2024-01-01→2024-07-01',
      '2/A null 2024-07-01→now',
    ]);
  });

  it('timestamp strategy: a later updated_at is a new version valid from that time', async () => {
    const s = spec({
      strategy: 'timestamp',
      updatedAt: 'updated_at',
      checkCols: undefined,
      uniqueKey: ['id'],
    });
    await source([ROW('1', 'A', 100, 'n', '2024-01-01'), ROW('2', 'A', 300, 'n', '2024-01-01')].join(', '));
    await take(s, T0);
    await source([ROW('1', 'A', 120, 'n', '2024-03-15'), ROW('2', 'A', 999, 'n', '2024-01-01')].join(', '));
    await take(s, T1);
    assert.deepEqual(await versions(), [
      '1/A 100 2024-01-01→2024-03-15',
      '1/A 120 2024-03-15→now',
      '2/A 300 2024-01-01→now',
    ]);
  });

  it('hard_deletes: ignore keeps a vanished key current, invalidate closes it, and a return opens a new version', async () => {
    await source([ROW('1', 'A', 100), ROW('2', 'A', 300)].join(', '));
    await take(spec({}), T0);
    await source(ROW('1', 'A', 100));
    await take(spec({}), T1);
    assert.deepEqual(await versions(), ['1/A 100 2024-01-01→now', '2/A 300 2024-01-01→now']);

    await warehouse.query('drop schema snapshots cascade');
    await source([ROW('1', 'A', 100), ROW('2', 'A', 300)].join(', '));
    await take(spec({ hardDeletes: 'invalidate' }), T0);
    await source(ROW('1', 'A', 100));
    await take(spec({ hardDeletes: 'invalidate' }), T1);
    await source([ROW('1', 'A', 100), ROW('2', 'A', 300)].join(', '));
    await take(spec({ hardDeletes: 'invalidate' }), T2);
    assert.deepEqual(await versions(), [
      '1/A 100 2024-01-01→now',
      '2/A 300 2024-01-01→2024-07-01',
      '2/A 300 2024-10-01→now',
    ]);
  });

  it('hard_deletes: new_record writes a deletion version (dbt_is_deleted), then a new one on return', async () => {
    const s = spec({ hardDeletes: 'new_record' });
    await source([ROW('1', 'A', 100), ROW('2', 'A', 300)].join(', '));
    await take(s, T0);
    await source(ROW('1', 'A', 100));
    await take(s, T1);
    await source([ROW('1', 'A', 100), ROW('2', 'A', 300)].join(', '));
    await take(s, T2);
    assert.deepEqual(await versions(true), [
      '1/A 100 2024-01-01→now False',
      '2/A 300 2024-01-01→2024-07-01 False',
      '2/A 300 2024-07-01→2024-10-01 True',
      '2/A 300 2024-10-01→now False',
    ]);
  });

  it('is atomic: a statement failing midway leaves the previous snapshot table', async () => {
    await source([ROW('1', 'A', 100), ROW('2', 'A', 300)].join(', '));
    await take(spec({}), T0);
    const before = await versions();
    // 1/A changes (first statements succeed); the new key 3/A fails when it is inserted.
    await warehouse.query('drop table raw.src');
    await warehouse.query(
      `create table raw.src (id text, sku text, price numeric, name text, updated_at timestamp)`,
    );
    await warehouse.query(
      `insert into raw.src values ('1', 'A', 110, 'n', '2024-01-01'), ('2', 'A', 300, 'n', '2024-01-01')`,
    );
    await warehouse.query(`alter table raw.src rename to src_table`);
    await warehouse.query(
      `create view raw.src as select id, sku, price, name, updated_at from raw.src_table
       union all select '3', 'A', 1 / (price - price), 'n', updated_at from raw.src_table where id = '2'`,
    );
    const [result] = await takeSnapshots(warehouse, PROJECT, [spec({})], { at: T1 });
    assert.equal(result?.status, 'error');
    assert.match(
      result?.message ?? '',
      /snapshot snp \(test\) failed: division by zero\. "snapshots"\."snp" keeps its previous versions/,
    );
    assert.deepEqual(await versions(), before);
    await warehouse.query('drop view raw.src');
    await warehouse.query('drop table raw.src_table');
  });
});
