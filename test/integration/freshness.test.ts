import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freshnessStep } from '../../src/pipeline/freshness-step';
import { loadStep } from '../../src/pipeline/load-step';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { writeMiniDataset } from '../support/mini-dataset';
import { readCsv } from '../support/read-csv';
import { requireDist } from '../support/require-dist';
import { testConnection, testWarehouse } from '../support/test-warehouse';

const ROOT = resolve(__dirname, '../..');
const PROJECT = join(ROOT, 'sql');

describe('source freshness (raw_orders.ordered_at, as dbt declares it)', () => {
  let warehouse: Warehouse & { database: string };
  let work: string;
  let newest: string;
  before(async () => {
    warehouse = await testWarehouse();
    work = await mkdtemp(join(tmpdir(), 'etl-freshness-'));
    const dataDir = writeMiniDataset();
    assert.ok((await loadStep(warehouse, { dataDir, outDir: join(work, 'target') })).ok);
    // The oracle: the newest order straight from the CSV file.
    newest = readCsv(join(dataDir, 'raw_orders.csv'))
      .map((o) => o.ordered_at as string)
      .sort()
      .at(-1) as string;
  });
  after(async () => {
    await warehouse?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const hoursAfterNewest = (hours: number) => new Date(Date.parse(`${newest}Z`) + hours * 3_600_000);

  for (const [hours, status] of [
    [12, 'pass'],
    [30, 'warn'],
    [80, 'error'],
  ] as const) {
    it(`is ${status} ${hours} hours after the newest order (warn after 1 day, error after 3)`, async () => {
      const at = hoursAfterNewest(hours);
      const [result] = await freshnessStep(warehouse, {
        projectDir: PROJECT,
        outDir: join(work, 'target'),
        at,
      });
      assert.equal(result?.unique_id, 'source.raw.raw_orders');
      assert.equal(result?.status, status);
      assert.equal(result?.max_loaded_at, `${newest}Z`);
      assert.equal(result?.max_loaded_at_time_ago_in_s, hours * 3600);
      const written = JSON.parse(readFileSync(join(work, 'target', 'sources.json'), 'utf8'));
      assert.equal(written.metadata.dbt_schema_version, 'https://schemas.getdbt.com/dbt/sources/v3.json');
      assert.deepEqual(written.results[0].criteria, {
        warn_after: { count: 1, period: 'day' },
        error_after: { count: 3, period: 'day' },
        filter: null,
      });
      assert.equal(written.results[0].snapshotted_at, at.toISOString());
    });
  }

  it('`etl-workbook freshness` exits 1 past error_after and 0 on a warning', async function () {
    requireDist(this, 'cli/main.js');
    const base = await testConnection();
    const cli = (asOf: Date) =>
      spawnSync(
        process.execPath,
        [
          join(ROOT, 'bin', 'etl-workbook.js'),
          'freshness',
          '--target',
          'postgres',
          '--out',
          join(work, 'cli'),
          '--as-of',
          asOf.toISOString(),
        ],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: {
            ...process.env,
            CI: 'true',
            DATABASE_URL: `postgres://${base.user}:${encodeURIComponent(base.password)}@${base.host}:${base.port}/${warehouse.database}`,
          },
        },
      );
    const stale = cli(hoursAfterNewest(80));
    assert.equal(stale.status, 1, stale.stderr);
    assert.match(stale.stdout, /✘ source\.raw\.raw_orders +error +newest .*3\.3 days before/);
    const late = cli(hoursAfterNewest(30));
    assert.equal(late.status, 0, late.stderr);
    assert.match(late.stdout, /! source\.raw\.raw_orders +warn/);
  });
});
