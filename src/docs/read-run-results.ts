import { readFile } from 'node:fs/promises';

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
 * The results of the last build or test, when `path` exists; undefined otherwise. A file that
 * is not a run_results.json is an error naming it (an unreadable artifact should not pass silently).
 */
export async function readLastRun(path: string): Promise<LastRun | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let json: { metadata?: { generated_at?: string }; results?: unknown };
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${path} is not valid JSON (${(error as Error).message}). Delete it or run \`etl-workbook build\` again to rewrite it.`,
    );
  }
  if (!Array.isArray(json.results)) {
    throw new Error(`${path} has no "results" list: it is not a run_results.json. Delete it or build again.`);
  }
  const results = new Map<string, LastResult>();
  for (const entry of json.results as Array<Record<string, unknown>>) {
    if (typeof entry.unique_id !== 'string' || typeof entry.status !== 'string') continue;
    results.set(entry.unique_id, {
      status: entry.status,
      failures: typeof entry.failures === 'number' ? entry.failures : undefined,
      message: typeof entry.message === 'string' ? entry.message : undefined,
      seconds: typeof entry.execution_time === 'number' ? entry.execution_time : undefined,
    });
  }
  return { generatedAt: json.metadata?.generated_at, results };
}
