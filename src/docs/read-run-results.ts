import { readJsonArtifact } from '../artifacts/artifacts';

/** The last result of one node, from target/run_results.json. */
export interface LastResult {
  /** dbt's status words: pass, success, fail, warn, error, skipped. */
  status: string;
  failures?: number;
  message?: string;
  seconds?: number;
}

export interface LastRun {
  generatedAt?: string;
  results: Map<string, LastResult>;
}

/**
 * The results of the last build or test, when `outDir/run_results.json` exists; undefined
 * otherwise. A file that is not a run_results.json is an error naming it (an unreadable artifact
 * should not pass silently).
 */
export async function readLastRun(outDir: string): Promise<LastRun | undefined> {
  const json = await readJsonArtifact(outDir, 'run_results.json');
  if (!json) return undefined;
  const results = new Map<string, LastResult>();
  for (const entry of json.results) {
    if (typeof entry.unique_id !== 'string' || typeof entry.status !== 'string') continue;
    results.set(entry.unique_id, {
      status: entry.status,
      failures: typeof entry.failures === 'number' ? entry.failures : undefined,
      message: typeof entry.message === 'string' ? entry.message : undefined,
      seconds: typeof entry.execution_time === 'number' ? entry.execution_time : undefined,
    });
  }
  return { generatedAt: json.metadata.generated_at || undefined, results };
}
