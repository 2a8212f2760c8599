import { join } from 'node:path';
import { NotebookError } from '../../notebooks/notebook-error';
import type { NotebookRun } from '../../notebooks/run-notebook';
import { runNotebooks } from '../../notebooks/run-notebooks';
import { displayPath } from '../../paths/display-path';
import { projectRoot } from '../../paths/project-root';
import { COMMON_HELP, commonOptions, parseCommand } from '../options';
import { Reporter } from '../reporter';
import { localServer, stopServerStartedDuring } from '../stop-server-started-during';

const HELP = `etl-workbook notebooks [--only NAME] [options]

Executes the notebooks of notebooks/ (NN-*.ipynb, in order) headlessly with the real tslab
kernel, no Python or Jupyter needed, and writes the executed copies with their outputs to
target/notebooks/. A failing cell stops the run with exit 1, naming the notebook, the cell and
the error. The notebooks import the compiled library (dist/), built by npm install. With the
local target, the embedded PostgreSQL the notebooks started is stopped at the end, unless it was
running before (etl-workbook warehouse start keeps it up).

  --only NAME       one notebook: 02-loading.ipynb, 02-loading, 02 or loading
  --timeout SEC     longest a cell may run (default 120)

${COMMON_HELP}`;

export async function notebooksCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, { only: { type: 'string' }, timeout: { type: 'string' } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const reporter = new Reporter(options.quiet);
  const outDir = join(options.out, 'notebooks');
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout) * 1000;
  const started = performance.now();
  try {
    const execute = () =>
      runNotebooks(join(projectRoot(), 'notebooks'), {
        outDir,
        only: values.only as string | undefined,
        timeoutMs,
        env: { ETL_TARGET: options.target, ETL_OUT_DIR: options.out, ETL_DATA_DIR: options.data },
        onNotebook: (event) => {
          if (event.phase === 'started') reporter.progress(`▶ ${displayPath(event.notebook)}`);
        },
      });
    const runs: NotebookRun[] =
      options.target === 'local'
        ? await stopServerStartedDuring(localServer(), execute).then(({ result, stopped }) => {
            if (stopped) reporter.progress('Stopped the embedded PostgreSQL the notebooks started.');
            return result;
          })
        : await execute();
    for (const run of runs) {
      reporter.summary(
        `  ✔ ${displayPath(run.notebook)}  ${run.cells.length} cells  ${(run.durationMs / 1000).toFixed(1)} s`,
      );
    }
    const seconds = (performance.now() - started) / 1000;
    reporter.summary(
      `Ran ${runs.length} notebooks in ${seconds.toFixed(1)} s; executed copies in ${displayPath(outDir)}/`,
    );
    return 0;
  } catch (error) {
    if (error instanceof NotebookError) {
      reporter.error(error.message);
      return 1;
    }
    throw error;
  }
}
