import { basename, dirname, join, resolve } from 'node:path';
import { cellErrorText, unhandledErrorText } from './error-text';
import { describeExit, type ExecuteOutcome, KernelSession } from './kernel-session';
import { joinMultiline } from './multiline';
import { type CodeCell, type NotebookDocument, TSLAB_KERNELSPEC } from './notebook-document';
import { type FailedCell, NotebookError, type NotebookErrorDetails } from './notebook-error';
import { OutputCollector } from './output-collector';
import { readNotebook } from './read-notebook';
import { writeNotebook } from './write-notebook';

export type CellEvent = {
  notebook: string;
  /** 1-based among code cells (as a user counts them from the top). */
  cellIndex: number;
  codeCellCount: number;
  phase: 'started' | 'passed' | 'failed' | 'empty';
  durationMs?: number;
};

export type RunNotebookOptions = {
  /** Where the executed copy `<outDir>/<name>.ipynb` goes (must not be the notebook's own folder). */
  outDir: string;
  /** The kernel's working folder; default the notebook's folder (tslab compiles local .ts below it). */
  cwd?: string;
  /** Per cell; default 120 s. On timeout the kernel's process group is killed. */
  timeoutMs?: number;
  /** Until the kernel answers kernel_info_request; default 60 s. */
  startTimeoutMs?: number;
  /** Added to this process's environment for the kernel. */
  env?: NodeJS.ProcessEnv;
  onCell?: (event: CellEvent) => void;
};

export type CellRun = {
  cellIndex: number;
  executionCount: number | null;
  durationMs: number;
  status: 'ok' | 'empty';
};

export type NotebookRun = {
  notebook: string;
  executedCopy: string;
  kernelPid: number;
  kernelCommand: readonly string[];
  kernelStartMs: number;
  durationMs: number;
  cells: CellRun[];
};

export const DEFAULT_CELL_TIMEOUT_MS = 120_000;
export const DEFAULT_KERNEL_START_TIMEOUT_MS = 60_000;

/**
 * Executes every code cell of an nbformat 4 notebook in a fresh tslab kernel, in order, and
 * writes the executed copy (outputs, execution counts, kernel metadata) to `<outDir>/<name>.ipynb`,
 * also when a cell fails. Rejects with a NotebookError at the first failing cell; later cells do
 * not run. The kernel is shut down in every case.
 */
export async function runNotebook(path: string, options: RunNotebookOptions): Promise<NotebookRun> {
  const started = Date.now();
  const notebook = resolve(path);
  const executedCopy = join(resolve(options.outDir), basename(notebook));
  if (executedCopy === notebook) {
    throw new Error(
      `runNotebook: outDir ${options.outDir} is the notebook's own folder; the copy would overwrite it`,
    );
  }
  const document = await readNotebook(notebook);
  const collector = new OutputCollector();
  const session = await KernelSession.start({
    notebook,
    cwd: resolve(options.cwd ?? dirname(notebook)),
    env: options.env,
    js: document.metadata.kernelspec?.name === 'jslab',
    startTimeoutMs: options.startTimeoutMs ?? DEFAULT_KERNEL_START_TIMEOUT_MS,
    onIopub: (message) => collector.handle(message),
  });
  recordKernel(document, session);
  let outcome: CellsOutcome | undefined;
  try {
    outcome = await runCells(document, session, collector, notebook, options);
  } finally {
    const failure = outcome?.failure?.reason;
    await session.shutdown(failure !== 'cell-timeout' && failure !== 'kernel-exit');
    await writeNotebook(executedCopy, document);
  }
  if (outcome.failure) throw new NotebookError({ ...outcome.failure, executedCopy });
  return {
    notebook,
    executedCopy,
    kernelPid: session.kernel.pid,
    kernelCommand: session.kernel.command,
    kernelStartMs: session.startMs,
    durationMs: Date.now() - started,
    cells: outcome.cells,
  };
}

type Failure = Omit<NotebookErrorDetails, 'executedCopy'>;
type CellsOutcome = { cells: CellRun[]; failure?: Failure };

/** Executes the code cells in order, filling their outputs in place; stops at the first failure. */
async function runCells(
  document: NotebookDocument,
  session: KernelSession,
  collector: OutputCollector,
  notebook: string,
  options: RunNotebookOptions,
): Promise<CellsOutcome> {
  const codeCells = document.cells.flatMap((cell, at) =>
    cell.cell_type === 'code' ? [{ cell: resetCell(cell), position: at + 1 }] : [],
  );
  const timeoutMs = options.timeoutMs ?? DEFAULT_CELL_TIMEOUT_MS;
  const cells: CellRun[] = [];
  const executed: ExecutedCell[] = [];
  for (const [at, { cell, position }] of codeCells.entries()) {
    const event = { notebook, cellIndex: at + 1, codeCellCount: codeCells.length };
    const source = joinMultiline(cell.source);
    if (!source.trim()) {
      cells.push({ cellIndex: at + 1, executionCount: null, durationMs: 0, status: 'empty' });
      options.onCell?.({ ...event, phase: 'empty' });
      continue;
    }
    options.onCell?.({ ...event, phase: 'started' });
    const cellStarted = Date.now();
    const outcome = await session.execute(source, timeoutMs, (msgId) => collector.track(msgId, cell.outputs));
    const durationMs = Date.now() - cellStarted;
    if ('executionCount' in outcome) {
      cell.execution_count = outcome.executionCount;
      cell.metadata.execution = {
        'shell.execute_reply.started': outcome.startedAt,
        'shell.execute_reply': outcome.repliedAt,
      };
    }
    const failed: FailedCell = { index: at + 1, position, codeCellCount: codeCells.length, source };
    if (outcome.status !== 'ok') {
      options.onCell?.({ ...event, phase: 'failed', durationMs });
      return { cells, failure: describeFailure(outcome, failed, cell, session, timeoutMs, notebook) };
    }
    executed.push({ cell, failed });
    // This cell's round trip also flushed what earlier cells printed late (iopub is ordered).
    const failure = unhandledFailure(executed, notebook, session);
    const blamed = failure?.cell?.index === at + 1;
    if (!blamed)
      cells.push({ cellIndex: at + 1, executionCount: cell.execution_count, durationMs, status: 'ok' });
    options.onCell?.({ ...event, phase: blamed ? 'failed' : 'passed', durationMs });
    if (failure) return { cells, failure };
  }
  await session.settle();
  return { cells, failure: unhandledFailure(executed, notebook, session) };
}

type ExecutedCell = { cell: CodeCell; failed: FailedCell };

/**
 * tslab replies `ok` for a cell whose promise nobody awaited and that rejected, and prints
 * `UnhandledPromiseRejection: …` to the stderr of the cell running at that moment (Jupyter shows
 * the cell as passed). A workbook run treats that as a failure of that cell.
 */
function unhandledFailure(
  executed: readonly ExecutedCell[],
  notebook: string,
  session: KernelSession,
): Failure | undefined {
  for (const { cell, failed } of executed) {
    const errorText = unhandledErrorText(cell.outputs);
    if (errorText) {
      return {
        notebook,
        cell: failed,
        kernelPid: session.kernel.pid,
        reason: 'cell-error',
        problem:
          'a cell left an error nobody awaited or caught (tslab reports it on stderr only; Jupyter shows the cell as passed)',
        errorText,
      };
    }
  }
  return undefined;
}

function describeFailure(
  outcome: ExecuteOutcome,
  cell: FailedCell,
  code: CodeCell,
  session: KernelSession,
  timeoutMs: number,
  notebook: string,
): Failure {
  const said = cellErrorText(code.outputs);
  const base = { notebook, cell, kernelPid: session.kernel.pid };
  switch (outcome.status) {
    case 'timeout':
      return {
        ...base,
        reason: 'cell-timeout',
        problem: `a cell did not finish within ${timeoutMs / 1000} s; the kernel's process group was killed`,
        errorText: said || undefined,
      };
    case 'kernel-exit':
      return {
        ...base,
        reason: 'kernel-exit',
        problem: `the tslab kernel exited (${describeExit(outcome.exit)}) while a cell ran`,
        errorText: said || session.kernel.output().trim() || undefined,
      };
    default:
      return {
        ...base,
        reason: 'cell-error',
        problem: outcome.status === 'abort' ? 'a cell was aborted by the kernel' : 'a cell failed',
        errorText: said || `The kernel replied status "${outcome.status}" without any error text.`,
      };
  }
}

/** Outputs and counts from an earlier save are dropped: the copy shows this run only. */
function resetCell(cell: CodeCell): CodeCell {
  cell.outputs = [];
  cell.execution_count = null;
  delete cell.metadata.execution;
  return cell;
}

function recordKernel(document: NotebookDocument, session: KernelSession): void {
  document.metadata.kernelspec ??= { ...TSLAB_KERNELSPEC };
  const languageInfo = session.kernelInfo.language_info;
  if (languageInfo && typeof languageInfo === 'object') {
    document.metadata.language_info = languageInfo as Record<string, unknown>;
  }
}
