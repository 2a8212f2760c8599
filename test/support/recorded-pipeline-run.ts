import { join } from 'node:path';
import { recordedRun } from '../../src/pipeline/recorded-run';
import { pipelineOutcome, runPipeline } from '../../src/pipeline/run-pipeline';
import type { Warehouse } from '../../src/warehouse/warehouse';

/**
 * One `run` of the pipeline as the CLI records it in etl_meta, with its snapshots taken at `at`:
 * how the history tests replay one extract after another.
 */
export function recordedPipelineRun(
  warehouse: Warehouse,
  options: { dataDir: string; projectDir: string; workDir: string; at: Date },
) {
  const { dataDir, projectDir, workDir, at } = options;
  return recordedRun(
    warehouse,
    { command: 'run', dataDir, projectDir },
    (recorder) =>
      runPipeline(warehouse, {
        dataDir,
        projectDir,
        outDir: join(workDir, 'target'),
        recorder,
        snapshotAt: at,
      }),
    pipelineOutcome,
  );
}
