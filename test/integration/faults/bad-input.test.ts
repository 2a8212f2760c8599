import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Warehouse } from '../../../src/warehouse/warehouse';
import { writeMiniDataset } from '../../support/mini-dataset';
import { cli, cliBuilt, cliWarehouse, RAW_TABLES, readJson, snapshot } from './fault-kit';

const ORDERS_HEADER = 'id,customer,ordered_at,store_id,subtotal,tax_paid,order_total';
const ORDER_ROW = 'o7,c1,2024-01-02T08:00:00,s1,1700,102,1802';

interface BadFile {
  name: string;
  file: string;
  content: string | Buffer | null;
  /** Editor position (header = line 1) and the CSV column, when the fault has one. */
  line?: number;
  column?: number;
  field?: string;
  /** What the message must say happened, and what it must say was expected. */
  problem: RegExp;
  expected?: RegExp;
}

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

/** Each file is broken in one way; every case must exit 1, locate the fault and change no raw table. */
const BAD_FILES: BadFile[] = [
  { name: 'a missing file', file: 'raw_orders.csv', content: null, problem: /the file does not exist/ },
  {
    name: 'an empty file (zero bytes)',
    file: 'raw_orders.csv',
    content: '',
    line: 1,
    column: 1,
    problem: /the file is empty/,
    expected: /a header line: id,customer,ordered_at/,
  },
  {
    name: 'a header with a missing column',
    file: 'raw_orders.csv',
    content: 'id,customer,ordered_at,store_id,subtotal,tax_paid\no7,c1,2024-01-02T08:00:00,s1,1700,102\n',
    line: 1,
    problem: /missing column "order_total"/,
    expected: /the columns id,customer,ordered_at,store_id,subtotal,tax_paid,order_total \(in any order\)/,
  },
  {
    name: 'a header with an extra column',
    file: 'raw_orders.csv',
    content: `${ORDERS_HEADER},note\n${ORDER_ROW},hi\n`,
    line: 1,
    column: 63,
    problem: /unexpected column "note"/,
    expected: /in any order/,
  },
  {
    name: 'a header with a renamed column',
    file: 'raw_orders.csv',
    content: `${ORDERS_HEADER.replace('customer', 'client')}\n${ORDER_ROW}\n`,
    line: 1,
    column: 4,
    problem: /missing column "customer"; unexpected column "client"/,
    expected: /in any order/,
  },
  {
    name: 'a header with a duplicated column',
    file: 'raw_customers.csv',
    content: 'id,name,id\nc1,A,c1\n',
    line: 1,
    problem: /column "id" appears twice/,
  },
  {
    name: 'text in an integer column',
    file: 'raw_orders.csv',
    content: `${ORDERS_HEADER}\n${ORDER_ROW}\no8,c1,2024-01-02T08:00:00,s1,abc,102,1802\n`,
    line: 3,
    column: 30,
    field: 'subtotal',
    problem: /cannot read the value as bigint: "abc"/,
    expected: /a whole number \(cents, no decimal point\)/,
  },
  {
    name: 'an impossible date',
    file: 'raw_orders.csv',
    content: `${ORDERS_HEADER}\no7,c1,2024-02-30T08:00:00,s1,1700,102,1802\n`,
    line: 2,
    column: 7,
    field: 'ordered_at',
    problem: /out of range.*2024-02-30T08:00:00/,
    expected: /an ISO 8601 timestamp/,
  },
  {
    name: 'an unterminated quote',
    file: 'raw_customers.csv',
    content: 'id,name\nc1,A\nc2,"Smith, Jo\nc3,Søren\n',
    line: 3,
    problem: /unterminated CSV quoted field/,
    expected: /a closing double quote/,
  },
  {
    name: 'a row with too many fields',
    file: 'raw_orders.csv',
    content: `${ORDERS_HEADER}\n${ORDER_ROW},extra\n`,
    line: 2,
    column: 44,
    problem: /extra data after last expected column/,
    expected: /7 fields: id,customer,ordered_at,store_id,subtotal,tax_paid,order_total/,
  },
  {
    name: 'a row with too few fields',
    file: 'raw_orders.csv',
    content: `${ORDERS_HEADER}\no7,c1,2024-01-02T08:00:00,s1,1700,102\n`,
    line: 2,
    field: 'order_total',
    problem: /missing data for column "order_total"/,
    expected: /7 fields/,
  },
  {
    name: 'invalid UTF-8 bytes',
    file: 'raw_customers.csv',
    content: bytes('id,name\nc1,A\nc2,Caf', [0xe9], ' Noir\n'),
    line: 3,
    column: 7,
    problem: /invalid byte sequence for encoding "UTF8"/,
    expected: /UTF-8 text without NUL bytes/,
  },
  {
    name: 'a NUL byte',
    file: 'raw_customers.csv',
    content: bytes('id,name\nc1,A\nc2,Jo', [0], 'e\n'),
    line: 3,
    column: 6,
    problem: /0x00/,
    expected: /UTF-8 text without NUL bytes/,
  },
  {
    name: 'a 1 MB value in an integer column (the message quotes it shortened)',
    file: 'raw_orders.csv',
    content: `${ORDERS_HEADER}\no7,c1,2024-01-02T08:00:00,s1,${'9'.repeat(1 << 20)},102,1802\n`,
    line: 2,
    column: 30,
    field: 'subtotal',
    problem: /out of range for type bigint/,
    expected: /a whole number/,
  },
];

describe('faults: bad input files (CLI load: message, exit code 1, raw tables unchanged)', () => {
  let warehouse: Warehouse;
  let work: string;
  let baseline: Record<string, string>;

  before(async function () {
    if (!cliBuilt()) this.skip();
    warehouse = await cliWarehouse();
    work = await mkdtemp(join(tmpdir(), 'etl-faults-input-'));
    const loaded = cli(['load', '--data', writeMiniDataset(), '--out', work]);
    assert.equal(loaded.code, 0, loaded.output);
    baseline = await snapshot(warehouse, RAW_TABLES);
  });
  after(async () => {
    await warehouse?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  for (const bad of BAD_FILES) {
    it(`${bad.name}: located message, exit 1, every raw table keeps its contents`, async () => {
      const data = writeMiniDataset({ [bad.file]: bad.content });
      const { code, stdout, output } = cli(['load', '--data', data, '--out', work]);
      assert.equal(code, 1, output);
      const table = `raw.${bad.file.replace('.csv', '')}`;
      const line = stdout.split('\n').find((l) => l.includes(`✘ ${table}`)) ?? '';
      assert.ok(line, `a ✘ line for ${table} in:\n${output}`);
      const where = [join(data, bad.file), bad.line, bad.column].filter((p) => p !== undefined).join(':');
      assert.ok(line.includes(where), `expected "${where}" in: ${line.slice(0, 400)}`);
      if (bad.field) assert.ok(line.includes(`(column "${bad.field}")`), line.slice(0, 400));
      assert.match(line, bad.problem);
      if (bad.expected) assert.match(line, /Expected /);
      if (bad.expected) assert.match(line, bad.expected);
      assert.match(line, /keeps its previous contents/);
      assert.ok(line.length < 2_000, `the message stays readable (${line.length} characters)`);
      const results = readJson<{
        results: { table: string; status: string; error?: Record<string, unknown> }[];
      }>(join(work, 'load_results.json')).results;
      const failed = results.filter((r) => r.status === 'error');
      assert.deepEqual(
        failed.map((r) => r.table),
        [table],
        'only the broken file fails',
      );
      if (bad.line !== undefined) assert.equal(failed[0]?.error?.line, bad.line);
      if (bad.column !== undefined) assert.equal(failed[0]?.error?.column, bad.column);
      assert.deepEqual(await snapshot(warehouse, RAW_TABLES), baseline);
      await rm(data, { recursive: true, force: true });
    });
  }

  it('a missing dataset folder: a message naming it and how to fix it, exit 1, nothing changed', async () => {
    const { code, stderr } = cli(['load', '--data', join(work, 'no-such-folder'), '--out', work]);
    assert.equal(code, 1);
    assert.match(stderr, /The dataset folder .*no-such-folder does not exist\. Pass --data DIR/);
    assert.deepEqual(await snapshot(warehouse, RAW_TABLES), baseline);
  });
});
