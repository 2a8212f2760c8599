import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Warehouse } from '../../../src/warehouse/warehouse';
import { MINI_DATASET, writeMiniDataset } from '../../support/mini-dataset';
import { cli, cliBuilt, cliWarehouse, RAW_TABLES, snapshot } from './fault-kit';

const ORDERS_HEADER = 'id,customer,ordered_at,store_id,subtotal,tax_paid,order_total';
/** Three good orders and three unparsable ones (lines 3, 5 and 6 as an editor counts them). */
const ORDERS_WITH_BAD_ROWS = [
  ORDERS_HEADER,
  'o1,c1,2024-01-02T08:00:00,s1,1700,102,1802',
  'o4,c1,2024-01-02T08:00:00,s1,abc,0,1',
  'o2,c1,2024-02-03T12:30:00,s1,1100,66,1166',
  'o5,c1,2024-01-02T08:00:00,s1,1,0',
  'o6,c2,2024-02-30T09:15:00,s2,1,0,1',
  'o3,c2,2024-03-05T09:15:00,s2,1200,48,1248',
  '',
].join('\n');

describe('faults: --max-bad-rows sets unparsable rows aside with their line numbers', () => {
  let warehouse: Warehouse;
  let out: string;

  const orderIds = async () =>
    (await warehouse.query<{ id: string }>('select id from raw.raw_orders order by id')).rows.map(
      (r) => r.id,
    );
  const rejects = async (table: string) =>
    (
      await warehouse.query<{ line: string; reason: string; raw_record: string; file: string }>(
        `select line, reason, raw_record, file from raw_rejects.${table} order by line`,
      )
    ).rows;

  before(async function () {
    if (!cliBuilt()) this.skip();
    warehouse = await cliWarehouse();
    out = await mkdtemp(join(tmpdir(), 'etl-faults-rejects-'));
  });
  after(async () => {
    await warehouse?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('up to N bad rows: the good rows load, the bad ones go to raw_rejects and target/rejects, exit 0', async () => {
    const data = writeMiniDataset({ 'raw_orders.csv': ORDERS_WITH_BAD_ROWS });
    const { code, stdout, output } = cli(['load', '--data', data, '--out', out, '--max-bad-rows', '3']);
    assert.equal(code, 0, output);
    assert.match(
      stdout,
      /raw\.raw_orders\s+3 rows .*3 bad rows set aside in raw_rejects\.raw_orders and .*raw_orders\.csv/,
    );
    assert.deepEqual(await orderIds(), ['o1', 'o2', 'o3']);
    const kept = await rejects('raw_orders');
    assert.deepEqual(
      kept.map((r) => Number(r.line)),
      [3, 5, 6],
    );
    assert.match(
      kept[0]?.reason ?? '',
      /column "subtotal": invalid input syntax for type bigint: "abc"; expected a whole number/,
    );
    assert.match(kept[1]?.reason ?? '', /6 fields where the header has 7/);
    assert.match(
      kept[2]?.reason ?? '',
      /column "ordered_at": .*out of range.*expected an ISO 8601 timestamp/,
    );
    assert.equal(kept[0]?.raw_record, 'o4,c1,2024-01-02T08:00:00,s1,abc,0,1');
    assert.equal(kept[0]?.file, join(data, 'raw_orders.csv'));
    const file = readFileSync(join(out, 'rejects', 'raw_orders.csv'), 'utf8').split('\n');
    assert.equal(file[0], 'line,reason,raw_record');
    assert.match(file[1] ?? '', /^3,"column ""subtotal"": .*","o4,c1,2024-01-02T08:00:00,s1,abc,0,1"$/);
    assert.equal(file.filter(Boolean).length, 4);
    const results = JSON.parse(readFileSync(join(out, 'load_results.json'), 'utf8')).results;
    const orders = results.find((r: { table: string }) => r.table === 'raw.raw_orders');
    assert.equal(orders.rejected, 3);
  });

  it('more than N bad rows: fails at the first one as without the option, exit 1, tables unchanged', async () => {
    const before = await snapshot(warehouse, [...RAW_TABLES, 'raw_rejects.raw_orders']);
    const data = writeMiniDataset({ 'raw_orders.csv': ORDERS_WITH_BAD_ROWS });
    const { code, stdout } = cli(['load', '--data', data, '--out', out, '--max-bad-rows', '2']);
    assert.equal(code, 1, stdout);
    assert.match(
      stdout,
      /raw_orders\.csv:3:30 \(column "subtotal"\): cannot read the value as bigint: "abc" \(3 rows cannot be loaded, more than --max-bad-rows 2\)\. Expected a whole number/,
    );
    assert.match(stdout, /raise --max-bad-rows/);
    assert.deepEqual(await snapshot(warehouse, [...RAW_TABLES, 'raw_rejects.raw_orders']), before);
  });

  it('sets aside rows COPY cannot parse: invalid UTF-8, a NUL byte, an unterminated quote; lines count quoted newlines', async () => {
    const customers = Buffer.concat([
      Buffer.from('id,name\nc1,"Zoë\nO\'Brien"\nc9,Caf'),
      Buffer.from([0xe9]),
      Buffer.from('\nc2,"Smith, Jo"\nc8,J'),
      Buffer.from([0]),
      Buffer.from('e\nc3,Søren\nc7,"never closed\nc6,lost\n'),
    ]);
    const data = writeMiniDataset({ 'raw_customers.csv': customers });
    const { code, stdout, output } = cli(['load', '--data', data, '--out', out, '--max-bad-rows', '3']);
    assert.equal(code, 0, output);
    assert.match(stdout, /raw\.raw_customers\s+3 rows .*3 bad rows set aside/);
    const ids = await warehouse.query<{ id: string; name: string }>(
      'select id, name from raw.raw_customers order by id',
    );
    assert.deepEqual(
      ids.rows.map((r) => r.id),
      ['c1', 'c2', 'c3'],
    );
    assert.equal(ids.rows[0]?.name, "Zoë\nO'Brien");
    const kept = await rejects('raw_customers');
    assert.deepEqual(
      kept.map((r) => [Number(r.line), r.reason.split(';')[0]]),
      [
        [4, 'invalid UTF-8 bytes'],
        [6, 'a NUL byte (0x00)'],
        [
          8,
          'unterminated quoted field: a quote opened in this record is never closed, so the rest of the file is one record',
        ],
      ],
    );
    assert.equal(kept[1]?.raw_record, 'c8,J\u2400e', 'the NUL byte is shown, not dropped');
    assert.equal(
      kept[2]?.raw_record,
      'c7,"never closed\nc6,lost\n',
      'the swallowed lines stay in the reject',
    );
  });

  it('a clean load forgets the previous rejects (table and file)', async () => {
    const withBadRows = writeMiniDataset({ 'raw_orders.csv': ORDERS_WITH_BAD_ROWS });
    const previous = cli(['load', '--data', withBadRows, '--out', out, '--max-bad-rows', '3']);
    assert.equal(previous.code, 0, previous.output);
    assert.equal((await rejects('raw_orders')).length, 3, 'rejects to forget');
    assert.equal(existsSync(join(out, 'rejects', 'raw_orders.csv')), true);
    const { code, output } = cli(['load', '--data', writeMiniDataset(), '--out', out, '--max-bad-rows', '3']);
    assert.equal(code, 0, output);
    const left = await warehouse.query(
      "select table_name from information_schema.tables where table_schema = 'raw_rejects'",
    );
    assert.deepEqual(left.rows, []);
    assert.equal(existsSync(join(out, 'rejects', 'raw_orders.csv')), false);
    assert.deepEqual(await orderIds(), ['o1', 'o2', 'o3']);
  });

  it('run --max-bad-rows: a set-aside row does not stop the build; the KPIs describe the good rows', () => {
    const orders = `${MINI_DATASET['raw_orders.csv']}o4,c3,2024-03-06T09:15:00,s2,12OO,48,1248\n`;
    const data = writeMiniDataset({ 'raw_orders.csv': orders });
    const { code, stdout, output } = cli(['run', '--data', data, '--out', out, '--max-bad-rows', '1']);
    assert.equal(code, 0, output);
    assert.match(stdout, /1 bad row set aside/);
    const kpis = JSON.parse(readFileSync(join(out, 'kpis.json'), 'utf8')).kpis;
    assert.equal(kpis.customer_summary.customers, 2, 'c3 has no order: its only order was set aside');
  });

  it('refuses a --max-bad-rows that is not a whole number, exit 2', () => {
    const { code, stderr } = cli(['load', '--max-bad-rows', 'lots']);
    assert.equal(code, 2);
    assert.match(stderr, /--max-bad-rows takes a whole number of rows \(0 or more\), not "lots"/);
  });
});
