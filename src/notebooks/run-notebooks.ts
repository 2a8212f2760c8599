import { listNotebooks } from './list-notebooks';
import { type NotebookRun, type RunNotebookOptions, runNotebook } from './run-notebook';

export type NotebookEvent =
  | { notebook: string; phase: 'started' }
  | { notebook: string; phase: 'passed'; run: NotebookRun }
  | { notebook: string; phase: 'failed'; error: Error };

export type RunNotebooksOptions = RunNotebookOptions & {
  /** One notebook: `02-loading.ipynb`, `02-loading`, `02` or `loading`. */
  only?: string;
  onNotebook?: (event: NotebookEvent) => void;
};

/**
 * Runs the `NN-*.ipynb` notebooks of `dir` one after the other in name order (they build on each
 * other: modeling → loading → transforming → KPIs), each in a fresh kernel; rejects with the first
 * failing notebook's NotebookError, later notebooks do not run.
 */
export async function runNotebooks(dir: string, options: RunNotebooksOptions): Promise<NotebookRun[]> {
  const { only, onNotebook, ...runOptions } = options;
  const runs: NotebookRun[] = [];
  for (const notebook of await listNotebooks(dir, only)) {
    onNotebook?.({ notebook, phase: 'started' });
    try {
      const run = await runNotebook(notebook, runOptions);
      runs.push(run);
      onNotebook?.({ notebook, phase: 'passed', run });
    } catch (error) {
      onNotebook?.({ notebook, phase: 'failed', error: error as Error });
      throw error;
    }
  }
  return runs;
}
