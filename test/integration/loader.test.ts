import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../../src/loader/load-dataset';
import type { LoadResult } from '../../src/loader/load-result';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { MINI_DATASET, writeMiniDataset } from '../support/mini-dataset';
import { testWarehouse } from '../support/test-warehouse';

const ORDERS_HEADER = 'id,customer,ordered_at,store_id,subtotal,tax_paid,order_total';

describe('loader (embedded PostgreSQL)', () => {
  let warehouse: Warehouse;
  before(async () => {
    warehouse = await testWarehouse();
    const results = await loadDataset(warehouse, { dataDir: writeMiniDataset() });
    assert.deepEqual(
      results.filter((r) => r.status !== 'success'),
      [],
    );
  });
  after(() => warehouse.close());

  const orderIds = async () =>
    (await warehouse.query<{ id: string }>('select id from raw.raw_orders order by id')).rows.map(
      (r) => r.id,
    );

  async function loadOrders(content: string | Buffer): Promise<LoadResult> {
    const dir = writeMiniDataset({ 'raw_orders.csv': content });
    const [result] = await loadDataset(warehouse, { dataDir: dir, tables: ['raw_orders'] });
    assert.ok(result);
    return result;
  }

  async function expectFailure(
    content: string | Buffer,
    expected: { line?: number; column?: number; field?: string; text: RegExp },
  ) {
    const result = await loadOrders(content);
    assert.equal(result.status, 'error', 'the load should fail');
    const error = result.error;
    assert.ok(error);
    assert.match(error.message, /raw_orders\.csv/);
    assert.match(error.message, expected.text);
    if (expected.line !== undefined) assert.equal(error.line, expected.line, error.message);
    if (expected.column !== undefined) assert.equal(error.column, expected.column, error.message);
    if (expected.field !== undefined) assert.equal(error.field, expected.field, error.message);
    assert.deepEqual(await orderIds(), ['o1', 'o2', 'o3'], 'the table keeps its previous contents');
    return error;
  }

  it('loads every table with typed columns and the right row counts', async () => {
    const counts = await warehouse.query<{ t: string; n: string }>(
      "select 'items' as t, count(*) as n from raw.raw_items union all select 'supplies', count(*) from raw.raw_supplies",
    );
    assert.deepEqual(counts.rows, [
      { t: 'items', n: '5' },
      { t: 'supplies', n: '4' },
    ]);
    const product = await warehouse.query('select price, description from raw.raw_products where sku = $1', [
      'BEV-001',
    ]);
    assert.deepEqual(product.rows[0], { price: '600', description: 'mango and tangerine "smoothie"' });
    const customer = await warehouse.query('select name from raw.raw_customers where id = $1', ['c1']);
    assert.equal(customer.rows[0]?.name, "Zoë O'Brien");
  });

  it('analyzes every raw table it loads, so the first build is planned from statistics', async () => {
    const stats = await warehouse.query<{ table: string; analyzed: boolean; id_distinct: number | null }>(
      `select t.relname as table, t.last_analyze is not null as analyzed,
              (select n_distinct from pg_stats s
               where s.schemaname = 'raw' and s.tablename = t.relname and s.attname in ('id', 'sku')
               order by s.attname limit 1) as id_distinct
       from pg_stat_user_tables t where t.schemaname = 'raw' order by 1`,
    );
    assert.equal(stats.rows.length, 6);
    for (const row of stats.rows) {
      assert.equal(row.analyzed, true, row.table);
      assert.notEqual(row.id_distinct, null, row.table);
      // The keys are unique in the mini dataset (n_distinct -1: all rows distinct), except
      // supplies, whose id repeats once per sku it goes into.
      if (row.table !== 'raw_supplies') assert.equal(Number(row.id_distinct), -1, row.table);
    }
  });

  it('loading the same data twice gives the same rows (no duplicates)', async () => {
    const result = await loadOrders(MINI_DATASET['raw_orders.csv'] as string);
    assert.equal(result.status, 'success');
    assert.equal(result.rows, 3);
    assert.deepEqual(await orderIds(), ['o1', 'o2', 'o3']);
  });

  it('accepts a UTF-8 byte-order mark and CRLF line endings', async () => {
    const crlf = `\uFEFF${(MINI_DATASET['raw_orders.csv'] as string).replace(/\n/g, '\r\n')}`;
    const result = await loadOrders(crlf);
    assert.equal(result.status, 'success', result.error?.message);
    assert.deepEqual(await orderIds(), ['o1', 'o2', 'o3']);
  });

  it('accepts reordered columns and maps them by name', async () => {
    const result = await loadOrders(
      'customer,id,ordered_at,store_id,subtotal,tax_paid,order_total\nc1,o1,2024-01-02T08:00:00,s1,1700,102,1802\nc2,o2,2024-01-02T09:00:00,s1,1,0,1\nc3,o3,2024-01-02T10:00:00,s2,2,0,2\n',
    );
    assert.equal(result.status, 'success', result.error?.message);
    const rows = await warehouse.query('select id, customer from raw.raw_orders where id = $1', ['o1']);
    assert.deepEqual(rows.rows[0], { id: 'o1', customer: 'c1' });
    await loadOrders(MINI_DATASET['raw_orders.csv'] as string);
  });

  it('refuses a missing, renamed or extra column, naming line 1', async () => {
    await expectFailure(
      'id,customer,ordered_at,store_id,subtotal,tax_paid\no9,c1,2024-01-02T08:00:00,s1,1,0\n',
      {
        line: 1,
        text: /missing column "order_total"/,
      },
    );
    await expectFailure(`${ORDERS_HEADER.replace('customer', 'client')}\n`, {
      line: 1,
      column: 4,
      text: /missing column "customer".*unexpected column "client"/,
    });
    await expectFailure(`${ORDERS_HEADER},note\n`, { line: 1, text: /unexpected column "note"/ });
  });

  it('reports text in an integer column with file, line, column and the expected type', async () => {
    const error = await expectFailure(
      `${ORDERS_HEADER}\no7,c1,2024-01-02T08:00:00,s1,1700,102,1802\no8,c1,2024-01-02T08:00:00,s1,abc,102,1802\n`,
      {
        line: 3,
        column: 30,
        field: 'subtotal',
        text: /whole number/,
      },
    );
    assert.match(error.message, /raw_orders\.csv:3:30/);
  });

  it('reports an impossible date', async () => {
    await expectFailure(`${ORDERS_HEADER}\no7,c1,2024-02-30T08:00:00,s1,1700,102,1802\n`, {
      line: 2,
      column: 7,
      field: 'ordered_at',
      text: /ISO 8601/,
    });
  });

  it('counts lines as an editor does after a quoted multi-line field', async () => {
    await expectFailure(
      `${ORDERS_HEADER}\n"o7\nsecond line",c1,2024-01-02T08:00:00,s1,1,0,1\no8,c1,2024-01-02T08:00:00,s1,x,0,1\n`,
      {
        line: 4,
        field: 'subtotal',
        text: /whole number/,
      },
    );
  });

  it('reports an unterminated quote', async () => {
    await expectFailure(`${ORDERS_HEADER}\no7,"c1,2024-01-02T08:00:00,s1,1,0,1\n`, {
      line: 2,
      text: /unterminated/,
    });
  });

  it('reports rows with too many and too few fields', async () => {
    await expectFailure(`${ORDERS_HEADER}\no7,c1,2024-01-02T08:00:00,s1,1,0,1,extra\n`, {
      line: 2,
      column: 36,
      text: /extra data/,
    });
    await expectFailure(`${ORDERS_HEADER}\no7,c1,2024-01-02T08:00:00,s1,1,0\n`, {
      line: 2,
      field: 'order_total',
      text: /missing data/,
    });
  });

  it('reports invalid UTF-8 and NUL bytes at their column', async () => {
    const bad = Buffer.concat([
      Buffer.from(`${ORDERS_HEADER}\no7,c`),
      Buffer.from([0xff]),
      Buffer.from('1,2024-01-02T08:00:00,s1,1,0,1\n'),
    ]);
    await expectFailure(bad, { line: 2, column: 5, text: /invalid byte sequence/ });
    const nul = Buffer.concat([
      Buffer.from(`${ORDERS_HEADER}\no7,c1,2024-01-02T08:00:00,s`),
      Buffer.from([0]),
      Buffer.from('1,1,0,1\n'),
    ]);
    await expectFailure(nul, { line: 2, text: /0x00|NUL|invalid byte/ });
  });

  it('reports a missing file and an empty file', async () => {
    const dir = writeMiniDataset({ 'raw_orders.csv': null });
    const [missing] = await loadDataset(warehouse, { dataDir: dir, tables: ['raw_orders'] });
    assert.equal(missing?.status, 'error');
    assert.match(missing?.error?.message ?? '', /does not exist/);
    await expectFailure('', { line: 1, text: /empty/ });
  });

  it('loads a 1 MB field', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const dir = writeMiniDataset();
    writeFileSync(join(dir, 'raw_customers.csv'), `id,name\nbig,"${big}"\n`);
    const [result] = await loadDataset(warehouse, { dataDir: dir, tables: ['raw_customers'] });
    assert.equal(result?.status, 'success', result?.error?.message);
    const length = await warehouse.query<{ n: number }>('select length(name) as n from raw.raw_customers');
    assert.equal(length.rows[0]?.n, big.length);
  });
});
