import { loadDataset } from '../loader/load-dataset';
import type { LoadResult } from '../loader/load-result';
import type { Stage } from '../loader/stage';
import type { Warehouse } from '../warehouse/warehouse';
import { writeArtifact } from './write-artifact';

export interface LoadStepOptions {
  dataDir: string;
  outDir: string;
  stage?: Stage;
  tables?: string[];
  onResult?: (result: LoadResult) => void;
}

export interface LoadStepResult {
  results: LoadResult[];
  ok: boolean;
  seconds: number;
}

/** Loads the dataset and writes target/load_results.json. */
export async function loadStep(warehouse: Warehouse, options: LoadStepOptions): Promise<LoadStepResult> {
  const started = performance.now();
  const results = await loadDataset(warehouse, options);
  const seconds = Number(((performance.now() - started) / 1000).toFixed(3));
  await writeArtifact(options.outDir, 'load_results.json', {
    metadata: { generated_at: new Date().toISOString(), target: warehouse.target, data_dir: options.dataDir },
    elapsed_time: seconds,
    results,
  });
  return { results, ok: results.every((r) => r.status === 'success'), seconds };
}
