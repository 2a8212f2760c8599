import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDataset } from '../../src/generate';
import { type PipelineResult, runPipeline } from '../../src/pipeline/run-pipeline';
import { S3Stage } from '../../src/stage/s3-stage';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { referenceKpis } from '../support/reference-kpis';
import { startTestS3, type TestS3 } from '../support/s3-server';
import { testWarehouse } from '../support/test-warehouse';

const PROJECT = resolve(__dirname, '../../sql');

describe('--target local --stage s3: the whole pipeline through a real S3 server (s3rver)', () => {
  let work: string;
  let dataDir: string;
  let s3: TestS3;
  let stage: S3Stage;
  const warehouses: Warehouse[] = [];
  let direct: PipelineResult;
  let staged: PipelineResult;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'etl-s3-pipeline-'));
    dataDir = join(work, 'data');
    await generateDataset({ years: 0.25, seed: 11, out: dataDir });
    s3 = await startTestS3('test-pipeline');
    // Small parts, so the bigger files are cut into several and reassembled on the way back.
    stage = new S3Stage({
      bucket: s3.bucket,
      client: s3.client,
      dataset: 'quarter',
      partSizeBytes: 256 * 1024,
    });
    const none = await testWarehouse();
    const viaS3 = await testWarehouse();
    warehouses.push(none, viaS3);
    direct = await runPipeline(none, { dataDir, projectDir: PROJECT, outDir: join(work, 'none') });
    staged = await runPipeline(viaS3, { dataDir, projectDir: PROJECT, outDir: join(work, 's3'), stage });
  });
  after(async () => {
    for (const warehouse of warehouses) await warehouse.close();
    await s3?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('gives the same KPIs as loading straight from disk', () => {
    assert.ok(direct.ok, direct.stoppedBecause);
    assert.ok(staged.ok, staged.stoppedBecause);
    assert.deepEqual(direct.kpis?.kpis, referenceKpis(dataDir), 'the KPIs of the CSV oracle');
    assert.deepEqual(staged.kpis, direct.kpis);
    assert.deepEqual(
      staged.load.results.map((r) => [r.table, r.rows]),
      direct.load.results.map((r) => [r.table, r.rows]),
    );
  });

  it('reports the stage in the results and load_results.json: parts, gzip bytes, uploaded', () => {
    assert.equal(direct.load.stage, undefined);
    const totals = staged.load.stage;
    assert.ok(totals);
    assert.equal(totals.tables, 6);
    assert.equal(totals.uploaded, 6);
    assert.equal(totals.skipped, 0);
    assert.ok(totals.parts > 6, `some files were split (${totals.parts} parts)`);
    assert.ok(totals.compressedBytes > 0 && totals.compressedBytes < totals.rawBytes);
    const written = JSON.parse(readFileSync(join(work, 's3', 'load_results.json'), 'utf8'));
    assert.deepEqual(written.stage, totals);
    assert.match(written.stage.location, /^s3:\/\/test-pipeline\//);
    const orders = written.results.find((r: { table: string }) => r.table === 'raw.raw_orders');
    assert.equal(orders.stage.skipped, false);
    assert.match(
      orders.stage.manifestUrl,
      /^s3:\/\/test-pipeline\/etl-workbook\/quarter\/raw_orders\/[0-9a-f]{64}\/manifest.json$/,
    );
  });

  it('uploads nothing the second time: every table is already staged', async () => {
    const puts = s3.commands.get('PutObjectCommand') ?? 0;
    const again = await runPipeline(warehouses[1] as Warehouse, {
      dataDir,
      projectDir: PROJECT,
      outDir: join(work, 's3-again'),
      stage,
    });
    assert.ok(again.ok);
    assert.equal(again.load.stage?.skipped, 6);
    assert.equal(again.load.stage?.uploaded, 0);
    assert.equal(s3.commands.get('PutObjectCommand') ?? 0, puts);
    assert.deepEqual(again.kpis, direct.kpis);
  });
});
