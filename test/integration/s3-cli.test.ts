import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCommand } from '../../src/cli/commands/load-command';
import { writeMiniDataset } from '../support/mini-dataset';
import { TEST_WAREHOUSE_HOME, testConnection } from '../support/test-warehouse';

/** Runs a command in this process with extra environment variables, capturing stdout. */
async function capture(argv: string[], env: Record<string, string | undefined>) {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const write = process.stdout.write;
  let stdout = '';
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await loadCommand(argv), stdout };
  } finally {
    process.stdout.write = write;
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe('etl-workbook load --stage s3 with no bucket: the local S3 server for the command', () => {
  let data: string;
  let out: string;
  const s3Dir = join(TEST_WAREHOUSE_HOME, 's3');
  const env = {
    ETL_WAREHOUSE_HOME: TEST_WAREHOUSE_HOME,
    S3_BUCKET: undefined,
    S3_ENDPOINT: undefined,
    S3_PREFIX: undefined,
    ETL_STAGE: undefined,
    ETL_TARGET: undefined,
  };

  before(async () => {
    await testConnection(); // the command finds the test server running and leaves it running
    data = writeMiniDataset();
    out = await mkdtemp(join(tmpdir(), 'etl-s3-cli-'));
    await rm(s3Dir, { recursive: true, force: true });
  });
  after(async () => {
    await rm(s3Dir, { recursive: true, force: true });
    if (data) await rm(data, { recursive: true, force: true });
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('stages under <warehouse home>/s3, loads from it and reports parts, bytes and uploads', async () => {
    const { code, stdout } = await capture(['--stage', 's3', '--data', data, '--out', out, '-q'], env);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /✔ raw.raw_orders\s+3 rows .* \(s3: 1 part, \d+ B gzip, uploaded\)/);
    assert.match(stdout, /Staged: 6 files in 6 parts, .* gzip of .* \(6 uploaded, 0 already staged\)/);
    assert.ok(existsSync(s3Dir) && readdirSync(s3Dir).length > 0, 'objects are on disk under the home');
    const results = JSON.parse(readFileSync(join(out, 'load_results.json'), 'utf8'));
    assert.equal(results.stage.uploaded, 6);
    assert.match(
      results.stage.location,
      /^s3:\/\/etl-workbook\/etl-workbook\/ \(endpoint http:\/\/127\.0\.0\.1:\d+\)$/,
    );
  });

  it('a second load finds every file staged (the objects outlive the server) and uploads nothing', async () => {
    const { code, stdout } = await capture(['--stage', 's3', '--data', data, '--out', out, '-q'], env);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /\(0 uploaded, 6 already staged\)/);
    assert.match(stdout, /already staged\)\n/);
  });
});
