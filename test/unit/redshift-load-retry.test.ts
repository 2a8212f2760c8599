import { strict as assert } from 'node:assert';
import { createReadStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { RAW_CONTRACT } from '../../src/loader/contract';
import { loadRedshiftTable } from '../../src/loader/redshift-load-table';
import type { Stage } from '../../src/stage/stage';
import { RedshiftDialect } from '../../src/warehouse/redshift-dialect';
import type { QueryResult, Session, Warehouse } from '../../src/warehouse/warehouse';

const DATA = resolve(__dirname, '../golden/redshift/dataset');
const customers = RAW_CONTRACT.find((table) => table.table === 'raw_customers');
if (!customers) throw new Error('raw_customers is in the contract');

/** An S3 stage that uploads nothing: the manifest URL is all Redshift's COPY needs. */
const stage: Stage = {
  name: 's3',
  async stage(path) {
    return { open: () => createReadStream(path), manifestUrl: 's3://bucket/p/raw_customers/h/manifest.json' };
  },
};

/** A Redshift-dialect warehouse whose COPY aborts with ERROR 1023 the first `aborts` times. */
function abortingWarehouse(aborts: number) {
  const sent: string[] = [];
  let copies = 0;
  const query = async (sql: string): Promise<QueryResult> => {
    sent.push(sql);
    if (sql.startsWith('copy ') && ++copies <= aborts) {
      throw Object.assign(
        new Error(
          'ERROR: 1023 DETAIL: Serializable isolation violation on table - 156130, transactions forming the cycle are: 1070, 1071',
        ),
        { code: 'XX000' },
      );
    }
    const rows = sql.includes('pg_last_copy_count')
      ? [{ n: 3 }]
      : sql.includes('pg_backend_pid')
        ? [{ pid: 1 }]
        : [];
    return { rows, rowCount: rows.length, fields: [] } as QueryResult;
  };
  const session: Session = { query: query as Session['query'], copyFrom: async () => 0 };
  const warehouse = {
    target: 'redshift',
    dialect: new RedshiftDialect(),
    description: 'fake redshift',
    query,
    withSession: <T>(work: (s: Session) => Promise<T>) => work(session),
    transaction: <T>(work: (s: Session) => Promise<T>) => work(session),
    close: async () => {},
  } as unknown as Warehouse;
  return { warehouse, sent, copies: () => copies };
}

describe('Redshift load: a COPY aborted by a serializable-isolation conflict (ERROR 1023)', () => {
  const load = (warehouse: Warehouse) =>
    loadRedshiftTable(warehouse, customers, {
      dataDir: DATA,
      stage,
      copy: { iamRole: 'default' },
      retry: { retries: 2, baseDelayMs: 1 },
    });

  it('runs the DELETE + COPY transaction again and loads', async () => {
    const fake = abortingWarehouse(2);
    const result = await load(fake.warehouse);
    assert.equal(result.status, 'success', JSON.stringify(result.error));
    assert.equal(result.rows, 3);
    assert.equal(fake.copies(), 3);
    assert.equal(fake.sent.filter((sql) => sql.startsWith('delete from')).length, 3);
    // Each aborted attempt rolled back before the next one began.
    assert.ok(fake.sent.filter((sql) => sql === 'rollback').length >= 2);
  });

  it('gives up after the bounded retries with the abort in the error', async () => {
    const fake = abortingWarehouse(10);
    const result = await load(fake.warehouse);
    assert.equal(result.status, 'error');
    assert.equal(fake.copies(), 3);
    assert.match(JSON.stringify(result.error), /1023[\s\S]*Serializable isolation violation/);
    assert.match(JSON.stringify(result.error), new RegExp(join('raw_customers.csv').replace('.', '\\.')));
  });
});
