import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildCommand } from '../../src/cli/commands/build-command';
import { loadCommand } from '../../src/cli/commands/load-command';
import { runCommand } from '../../src/cli/commands/run-command';
import { UsageError } from '../../src/cli/options';
import { capture } from '../support/capture-command';
import { writeMiniDataset } from '../support/mini-dataset';

const ROOT = resolve(__dirname, '../..');
const DATA = join(ROOT, 'data', 'datasets');

describe('--dry-run prints every statement and connects to nothing', () => {
  let listener: Server;
  let port: number;
  let connections = 0;
  let home: string;
  let env: Record<string, string | undefined>;

  before(async () => {
    // A "database" that counts connection attempts: a dry run must make none.
    listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((done) => listener.listen(0, '127.0.0.1', done));
    port = (listener.address() as { port: number }).port;
    home = await mkdtemp(join(tmpdir(), 'etl-dry-home-'));
    env = {
      REDSHIFT_URL: `postgres://etl:hunter2-secret@127.0.0.1:${port}/dev`,
      DATABASE_URL: `postgres://etl:hunter2-secret@127.0.0.1:${port}/db`,
      REDSHIFT_IAM_ROLE: 'arn:aws:iam::123456789012:role/etl-workbook-redshift',
      S3_BUCKET: 'example-bucket',
      S3_PREFIX: undefined,
      AWS_REGION: 'eu-west-1',
      ETL_WAREHOUSE_HOME: home,
      ETL_STAGE: undefined,
      ETL_TARGET: undefined,
    };
  });
  after(async () => {
    await new Promise((done) => listener.close(done));
    await rm(home, { recursive: true, force: true });
  });

  it('run --target redshift: COPY from manifests with the IAM role, DDL with keys, swaps, tests, KPIs', async () => {
    const { code, stdout } = await capture(runCommand, ['--target', 'redshift', '--dry-run', '-q'], env);
    assert.equal(code, 0, stdout);
    const sha = createHash('sha256')
      .update(readFileSync(join(DATA, 'raw_orders.csv')))
      .digest('hex');
    assert.ok(
      stdout.includes(
        `copy "raw"."raw_orders" ("id", "customer", "ordered_at", "store_id", "subtotal", "tax_paid", "order_total")\nfrom 's3://example-bucket/etl-workbook/datasets/raw_orders/${sha}/manifest.json'\niam_role 'arn:aws:iam::123456789012:role/etl-workbook-redshift'`,
      ),
      'the manifest URL carries the file content hash',
    );
    assert.match(stdout, /delete from "raw"."raw_orders";/);
    assert.doesNotMatch(stdout, /truncate/);
    assert.match(stdout, /"id" varchar\(64\)/);
    assert.match(
      stdout,
      /create table "marts"."fct_orders__etl_new" diststyle key distkey \("order_id"\) compound sortkey \("ordered_at"\) as/,
    );
    assert.match(stdout, /create table "marts"."dim_stores__etl_new" diststyle all/);
    assert.match(stdout, /alter table "marts"."fct_orders__etl_new" rename to "fct_orders";/);
    assert.match(stdout, /drop table if exists "marts"."fct_orders" cascade;/);
    assert.match(stdout, /create or replace view "staging"."stg_orders" as/);
    assert.match(stdout, /select count\(\*\) as failures from \(/);
    assert.match(stdout, /-- kpi store_performance/);
    assert.doesNotMatch(stdout, /hunter2/, 'no password in the output');
    assert.equal(connections, 0, 'no connection attempted');
  });

  it('load and build for postgres targets: TRUNCATE + COPY FROM STDIN, the build plan; no server started', async () => {
    const load = await capture(loadCommand, ['--dry-run', '--table', 'raw_orders'], env);
    assert.equal(load.code, 0);
    assert.match(
      load.stdout,
      /truncate table "raw"."raw_orders";\ncopy "raw"."raw_orders" \(.*\) from stdin/,
    );
    assert.doesNotMatch(load.stdout, /raw_customers";\ncopy/);
    const build = await capture(
      buildCommand('build'),
      ['--target', 'postgres', '--dry-run', '-s', 'fct_orders'],
      env,
    );
    assert.equal(build.code, 0);
    assert.match(build.stdout, /create table "marts"."fct_orders__etl_new" as\n/);
    assert.match(build.stdout, /dialect postgres/);
    assert.equal(connections, 0);
    assert.equal(existsSync(join(home, 'data')), false, 'the embedded server was not created');
  });

  it('load --stage s3 --dry-run for local names the keys the upload would use, uploading nothing', async () => {
    const { code, stdout } = await capture(loadCommand, ['--dry-run', '--stage', 's3'], {
      ...env,
      S3_BUCKET: undefined,
    });
    assert.equal(code, 0);
    assert.match(stdout, /local S3 server/);
    assert.match(
      stdout,
      /s3:\/\/etl-workbook\/etl-workbook\/datasets\/raw_items\/[0-9a-f]{64}\/manifest.json/,
    );
    assert.match(stdout, /from stdin/);
    assert.equal(existsSync(join(home, 's3')), false, 'no local S3 server was started');
  });

  it('says which file would fail, and exits 1', async () => {
    const data = writeMiniDataset({ 'raw_items.csv': 'id,order,sku\ni1,o1,JAF-001\n' });
    const { code, stdout } = await capture(
      runCommand,
      ['--target', 'redshift', '--dry-run', '--data', data],
      env,
    );
    assert.equal(code, 1);
    assert.match(
      stdout,
      /✘ raw.raw_items: the load would fail: .*raw_items.csv:1:4: the header does not match/,
    );
    await rm(data, { recursive: true, force: true });
  });

  it('refuses --target redshift --stage none: Redshift loads from S3 only', async () => {
    await assert.rejects(
      capture(loadCommand, ['--target', 'redshift', '--stage', 'none', '--dry-run'], env),
      (error: Error) => error instanceof UsageError && /loads from S3 only/.test(error.message),
    );
  });
});
