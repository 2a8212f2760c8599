import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RAW_CONTRACT } from '../../src/loader/contract';
import { locateRedshiftLoadError, redshiftLoadError } from '../../src/loader/redshift-load-errors';
import { partLines } from '../../src/loader/redshift-load-table';

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
 * Rows as sys_load_error_detail / stl_load_errors return them (trimmed by the queries), for a file
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
      [
        {
          query_id: 42,
          file_name: PART_2,
          line_number: 2,
          column_name: 'subtotal',
          column_type: 'int8',
          error_code: 1207,
          error_message: "Invalid digit, Value 'x', Pos 2, Type: Long",
          raw_field_value: '12x0',
        },
      ],
      context,
      'Load into table raw_orders failed. Check sys_load_error_detail',
    );
    assert.equal(error.file, 'data/raw_orders.csv');
    assert.equal(error.location.line, 4);
    assert.equal(error.location.field, 'subtotal');
    assert.equal(error.location.expected, 'a whole number (cents, no decimal point)');
    assert.match(
      error.message,
      /^data\/raw_orders.csv:4 \(column "subtotal"\): cannot load "12x0": Invalid digit/,
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
    const error = redshiftLoadError([row, row, row], context, 'failed');
    assert.equal(error.location.line, undefined);
    assert.match(error.problem, /in s3:\/\/elsewhere\/part.csv.gz; 2 more errors in this load/);
  });

  it('reports a text column length in bytes', () => {
    const error = redshiftLoadError(
      [
        {
          file_name: PART_1,
          line_number: 3,
          column_name: 'customer',
          column_length: 64,
          error_message: 'String length exceeds DDL length',
        },
      ],
      context,
      'failed',
    );
    assert.equal(error.location.line, 3);
    assert.equal(error.location.expected, 'text of at most 64 bytes');
  });

  it('says so when the error views list nothing', () => {
    const error = redshiftLoadError([], context, 'S3ServiceException: Access Denied');
    assert.match(
      error.message,
      /the COPY into raw.raw_orders failed: S3ServiceException: Access Denied \(sys_load_error_detail/,
    );
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
      [
        {
          file_name: PART_2,
          line_number: 3,
          column_name: 'ordered_at',
          error_message: 'Invalid timestamp format or value [YYYY-MM-DD HH24:MI:SS]',
        },
      ],
      { ...context, parts: lines, path, fileColumns: HEADER.trim().split(',') },
      'failed',
    );
    assert.equal(error.location.line, 5);
    assert.equal(error.location.column, 7);
    assert.match(error.message, /^data\/raw_orders.csv:5:7 \(column "ordered_at"\): Invalid timestamp/);
  });
});
