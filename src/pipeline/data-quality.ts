import { readJsonArtifact } from '../artifacts/artifacts';
import type { RunResult } from '../runner/run-result';

/**
 * A data test that found rows without blocking the marts (severity warn): the caveat that comes with
 * the numbers, as kpis.json, the report and the CLI show it.
 */
export interface DataQualityWarning {
  /** The test's name, e.g. `assert_order_tax_matches_store_rate`. */
  test: string;
  severity: 'warn';
  /** How many rows the test selected. */
  failures: number;
  /** The first of them, as the warehouse returned it. */
  sample: Record<string, unknown> | null;
  /** The file declaring the test, relative to the project (e.g. `tests/…sql`, `marts/_marts__models.yml`). */
  file: string;
}

/** The warnings of a run, in plan order. */
export function dataQualityWarnings(run: RunResult): DataQualityWarning[] {
  return run.results
    .filter((result) => result.resourceType === 'test' && result.status === 'warn')
    .map((result) => ({
      test: result.name,
      severity: 'warn',
      failures: result.failures ?? 0,
      sample: result.sample?.[0] ?? null,
      file: result.file,
    }));
}

/**
 * The warnings recorded in `outDir/run_results.json` by the last build (for `kpis` run on its own);
 * none when the file is absent.
 */
export async function readDataQualityWarnings(outDir: string): Promise<DataQualityWarning[]> {
  const results = (await readJsonArtifact(outDir, 'run_results.json'))?.results ?? [];
  return results
    .filter((entry) => typeof entry.unique_id === 'string' && entry.unique_id.startsWith('test.'))
    .filter((entry) => entry.status === 'warn')
    .map((entry) => ({
      test: String(entry.unique_id).replace(/^test\./, ''),
      severity: 'warn',
      failures: typeof entry.failures === 'number' ? entry.failures : 0,
      sample: Array.isArray(entry.failing_rows_sample) ? (entry.failing_rows_sample[0] ?? null) : null,
      file: typeof entry.file === 'string' ? entry.file : '',
    }));
}
