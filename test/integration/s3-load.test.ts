import { strict as assert } from 'node:assert';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { loadDataset } from '../../src/loader/load-dataset';
import { S3Stage } from '../../src/stage/s3-stage';
import type { S3StagedFile } from '../../src/stage/s3-staged-file';
import type { Stage } from '../../src/stage/stage';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { writeMiniDataset } from '../support/mini-dataset';
import { startTestS3, type TestS3 } from '../support/s3-server';
import { testWarehouse } from '../support/test-warehouse';

/** Customers whose names hold commas, doubled quotes, LF and CRLF inside quotes. */
const CUSTOMERS = `id,name\r\n${Array.from(
  { length: 2000 },
  (_, i) => `c${i},"Name ${i}, ""the ${i % 7}th""\nline two\r\nline three"\r\n`,
).join('')}`;

describe('loader through the S3 stage (s3rver → embedded PostgreSQL)', () => {
  let s3: TestS3;
  let warehouse: Warehouse;
  let staged: Map<string, S3StagedFile>;
  let stage: Stage;

  before(async () => {
    s3 = await startTestS3('test-load');
    warehouse = await testWarehouse();
    const s3Stage = new S3Stage({
      bucket: s3.bucket,
      client: s3.client,
      dataset: 'mini',
      partSizeBytes: 8 * 1024,
    });
    // Records what each table's staging did, for the assertions below.
    stage = {
      name: s3Stage.name,
      async stage(path, table) {
        const file = await s3Stage.stage(path, table);
        staged.set(table, file);
        return file;
      },
    };
  });
  beforeEach(() => {
    staged = new Map();
  });
  after(async () => {
    await warehouse?.close();
    await s3?.close();
  });

  const load = (dir: string) => loadDataset(warehouse, { dataDir: dir, stage });

  it('loads every table from S3 with multi-line quoted values intact', async () => {
    const results = await load(writeMiniDataset({ 'raw_customers.csv': CUSTOMERS }));
    assert.deepEqual(
      results.filter((r) => r.status !== 'success').map((r) => r.error?.message),
      [],
    );
    const customers = staged.get('raw_customers');
    assert.ok(customers && customers.parts.length > 5, 'the customers file was split into several parts');
    assert.equal(results.find((r) => r.table === 'raw.raw_customers')?.rows, 2000);
    const row = await warehouse.query<{ name: string }>('select name from raw.raw_customers where id = $1', [
      'c1234',
    ]);
    assert.equal(row.rows[0]?.name, 'Name 1234, "the 2th"\nline two\r\nline three');
    const orders = await warehouse.query<{ n: string }>('select count(*) as n from raw.raw_orders');
    assert.equal(orders.rows[0]?.n, '3');
  });

  it('loads unchanged files again without uploading them', async () => {
    const puts = s3.commands.get('PutObjectCommand') ?? 0;
    const results = await load(writeMiniDataset({ 'raw_customers.csv': CUSTOMERS }));
    assert.ok(results.every((r) => r.status === 'success'));
    assert.ok([...staged.values()].every((file) => file.summary.skipped));
    assert.equal(s3.commands.get('PutObjectCommand') ?? 0, puts);
  });

  it('refuses a corrupt staged part, naming it, and keeps the table as it was', async () => {
    const changed = CUSTOMERS.replace('c0,', 'c0x,');
    await load(writeMiniDataset({ 'raw_customers.csv': changed }));
    const customers = staged.get('raw_customers') as S3StagedFile;
    const victim = customers.parts.at(-1)?.key as string;
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: victim, Body: 'not gzip' }));
    // A fresh stage would repair the part, so stream the corrupt copy through COPY directly.
    const corrupt: Stage = { name: 's3', stage: async () => customers };
    const [result] = await loadDataset(warehouse, {
      dataDir: writeMiniDataset({ 'raw_customers.csv': changed }),
      tables: ['raw_customers'],
      stage: corrupt,
    });
    assert.equal(result?.status, 'error');
    assert.match(result?.error?.message ?? '', new RegExp(`${victim} is corrupt`));
    const count = await warehouse.query<{ n: string }>('select count(*) as n from raw.raw_customers');
    assert.equal(count.rows[0]?.n, '2000', 'the previous contents stay');
    const first = await warehouse.query('select 1 from raw.raw_customers where id = $1', ['c0x']);
    assert.equal(first.rowCount, 1, 'the previous (successful) load of the changed file stays');
  });
});
