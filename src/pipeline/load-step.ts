import { join } from 'node:path';
import { writeJsonArtifact } from '../artifacts/artifacts';
import type { RunRecorder } from '../history/run-recorder';
import { loadDataset } from '../loader/load-dataset';
import type { LoadResult } from '../loader/load-result';
import type { Stage } from '../stage/stage';
import { type StageTotals, stageTotals } from '../stage/stage-totals';
import type { Warehouse } from '../warehouse/warehouse';

export interface LoadStepOptions {
  dataDir: string;
  outDir: string;
  stage?: Stage;
  tables?: string[];
  /** Up to this many unparsable rows per table go to raw_rejects.<table> and <outDir>/rejects/ instead of failing. */
  maxBadRows?: number;
  onResult?: (result: LoadResult) => void;
  /** The run history entry: each table's load row is written inside its load transaction. */
  recorder?: RunRecorder;
}

export interface LoadStepResult {
  results: LoadResult[];
  ok: boolean;
  seconds: number;
  /** What the S3 stage did (parts, compressed bytes, uploaded vs already staged); none without a stage. */
  stage?: StageTotals;
}

/** Loads the dataset and writes target/load_results.json. */
export async function loadStep(warehouse: Warehouse, options: LoadStepOptions): Promise<LoadStepResult> {
  const started = performance.now();
  const { recorder } = options;
  const results = await loadDataset(warehouse, {
    ...options,
    rejectsDir: join(options.outDir, 'rejects'),
    ...(recorder ? { beforeCommit: (session, result) => recorder.recordLoadIn(session, result) } : {}),
  });
  await recorder?.recordRemainingLoads(results);
  const seconds = Number(((performance.now() - started) / 1000).toFixed(3));
  const stage = stageTotals(
    results.map((result) => result.stage),
    describeStage(options.stage),
  );
  await writeJsonArtifact(
    options.outDir,
    'load_results.json',
    { elapsed_time: seconds, ...(stage ? { stage } : {}), results },
    { target: warehouse.target, data_dir: options.dataDir },
  );
  return { results, ok: results.every((r) => r.status === 'success'), seconds, ...(stage ? { stage } : {}) };
}

/** A stage that can say where it lives (S3Stage.describe()), without importing the AWS SDK here. */
function describeStage(stage: Stage | undefined): string | undefined {
  const describe = (stage as { describe?: () => string } | undefined)?.describe;
  return typeof describe === 'function' ? describe.call(stage) : undefined;
}
