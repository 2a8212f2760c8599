import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RAW_CONTRACT } from '../../src/loader/contract';
import {
  locateRedshiftLoadError,
  readRedshiftLoadErrors,
  redshiftLoadError,
  SYS_LOAD_ERRORS_SQL,
} from '../../src/loader/redshift-load-errors';
import { partLines } from '../../src/loader/redshift-load-table';
import type { Session } from '../../src/warehouse/warehouse';

const orders = RAW_CONTRACT.find((table) => table.table === 'raw_orders');
if (!orders) throw new Error('raw_orders is in the contract');
const HEADER = 'id,customer,ordered_at,store_id,subtotal,tax_paid,order_total\n';
const ROWS = [
  'o1,c1,2024-01-02T08:00:00,s1,1700,102,1802',
  'o2,c1,2024-02-03T12:30:00,s1,1100,66,1166',
  'o3,c2,2024-03-05T09:15:00,s2,12x0,48,1248',
  'o4,c2,2024-13-45T09:15:00,s2,1200,48,1248',
];
const PART_1 = 's3://bucket/etl-workbook/mini/raw_orders/abc/part-0001.csv.gz';
const PART_2 = 's3://bucket/etl-workbook/mini/raw_orders/abc/part-0002.csv.gz';

/**
 * Rows as sys_load_error_detail returns them (trimmed by the queries), for a file
 * staged as two parts: part 1 = header + rows 1-2 (file lines 2-3), part 2 = header + rows 3-4
 * (file lines 4-5); each part's line 1 is its header.
 */
const PARTS = [
  { url: PART_1, firstDataLine: 2 },
  { url: PART_2, firstDataLine: 4 },
];

describe('Redshift load errors → LoadError (file, line, column, reason)', () => {
  const context = { displayFile: 'data/raw_orders.csv', table: orders, parts: PARTS };

  it('maps a bad number in the second part to the original file line and column name', () => {
    const error = redshiftLoadError(
      {
        rows: [
          {
            query_id: 42,
            file_name: PART_2,
            line_number: 2,
            column_name: 'subtotal',
            column_type: 'int8',
            position: 2,
            error_code: 1207,
            error_message: "Invalid digit, Value 'x', Pos 2, Type: Long",
          },
        ],
      },
      context,
      'Load into table raw_orders failed. Check sys_load_error_detail',
    );
    assert.equal(error.file, 'data/raw_orders.csv');
    assert.equal(error.location.line, 4);
    assert.equal(error.location.field, 'subtotal');
    assert.equal(error.location.expected, 'a whole number (cents, no decimal point)');
    assert.match(
      error.message,
      /^data\/raw_orders.csv:4 \(column "subtotal"\): Invalid digit, Value 'x', Pos 2, Type: Long \(at position 2 of the field\)/,
    );
    assert.match(error.message, /\(Redshift error 1207\)/);
  });

  it('counts the other errors and names an unknown object instead of guessing a line', () => {
    const row = {
      file_name: 's3://elsewhere/part.csv.gz',
      line_number: 7,
      column_name: 'name',
      column_length: 256,
      error_message: 'String length exceeds DDL length',
    };
    const error = redshiftLoadError({ rows: [row, row, row] }, context, 'failed');
    assert.equal(error.location.line, undefined);
    assert.match(error.problem, /in s3:\/\/elsewhere\/part.csv.gz; 2 more errors in this load/);
  });

  it('reports a text column length in bytes', () => {
    const error = redshiftLoadError(
      {
        rows: [
          {
            file_name: PART_1,
            line_number: 3,
            column_name: 'customer',
            column_length: '64',
            error_message: 'String length exceeds DDL length',
          },
        ],
      },
      context,
      'failed',
    );
    assert.equal(error.location.line, 3);
    assert.equal(error.location.expected, 'text of at most 64 bytes');
  });

  it('says so when the error view lists nothing, or could not be read (and why)', () => {
    const error = redshiftLoadError({ rows: [] }, context, 'S3ServiceException: Access Denied');
    assert.match(
      error.message,
      /the COPY into raw.raw_orders failed: S3ServiceException: Access Denied \(sys_load_error_detail lists no rows/,
    );
    const unreadable = redshiftLoadError(
      { rows: [], unreadable: 'permission denied for relation sys_load_error_detail' },
      context,
      'Load into table raw_orders failed',
    );
    assert.match(
      unreadable.message,
      /could not be read: permission denied for relation sys_load_error_detail/,
    );
  });

  it('reads sys_load_error_detail with its documented columns only, and returns a read failure', async () => {
    // The columns AWS documents for SYS_LOAD_ERROR_DETAIL (Database Developer Guide).
    const documented = new Set(
      'user_id query_id transaction_id session_id database_name table_id start_time file_name line_number column_name column_type column_length position error_code error_message'.split(
        ' ',
      ),
    );
    const select = /^select ([\s\S]*?)\nfrom sys_load_error_detail/.exec(SYS_LOAD_ERRORS_SQL)?.[1] ?? '';
    const read = select.split(',').map((item) => /^\s*(?:trim\((\w+)\)|(\w+))/.exec(item));
    assert.ok(read.length >= 9);
    for (const match of read) assert.ok(documented.has(match?.[1] ?? match?.[2] ?? ''), String(match?.input));
    assert.doesNotMatch(SYS_LOAD_ERRORS_SQL, /stl_|pg_last_copy_id|raw_field_value/);

    const sent: string[] = [];
    const session = {
      async query(sql: string) {
        sent.push(sql);
        if (sql.includes('pg_backend_pid')) return { rows: [{ pid: 7 }], rowCount: 1 };
        throw new Error('relation "sys_load_error_detail" does not exist');
      },
    } as unknown as Session;
    const errors = await readRedshiftLoadErrors(session);
    assert.deepEqual(errors, { rows: [], unreadable: 'relation "sys_load_error_detail" does not exist' });
    assert.equal(sent.length, 2, 'no fallback to the provisioned-only STL views');
  });

  it("adds the editor column from the local file, and finds each part's first line", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etl-rs-'));
    const path = join(dir, 'raw_orders.csv');
    writeFileSync(path, `${HEADER}${ROWS.join('\n')}\n`);
    const secondPartStart = Buffer.byteLength(`${HEADER}${ROWS[0]}\n${ROWS[1]}\n`);
    const lines = await partLines(path, [
      { url: PART_1, sourceStart: 0 },
      { url: PART_2, sourceStart: secondPartStart },
    ]);
    assert.deepEqual(lines, PARTS);
    const error = await locateRedshiftLoadError(
      {
        rows: [
          {
            file_name: PART_2,
            line_number: 3,
            column_name: 'ordered_at',
            error_message: 'Invalid timestamp format or value [YYYY-MM-DD HH24:MI:SS]',
          },
        ],
      },
      { ...context, parts: lines, path, fileColumns: HEADER.trim().split(',') },
      'failed',
    );
    assert.equal(error.location.line, 5);
    assert.equal(error.location.column, 7);
    assert.match(error.message, /^data\/raw_orders.csv:5:7 \(column "ordered_at"\): Invalid timestamp/);
  });
});
