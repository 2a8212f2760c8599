export { listNotebooks } from './list-notebooks';
export type {
  CodeCell,
  NotebookCell,
  NotebookDocument,
  NotebookOutput,
} from './notebook-document';
export { type FailedCell, NotebookError, type NotebookFailure } from './notebook-error';
export { readNotebook } from './read-notebook';
export {
  type CellEvent,
  type CellRun,
  DEFAULT_CELL_TIMEOUT_MS,
  DEFAULT_KERNEL_START_TIMEOUT_MS,
  type NotebookRun,
  type RunNotebookOptions,
  runNotebook,
} from './run-notebook';
export { type NotebookEvent, type RunNotebooksOptions, runNotebooks } from './run-notebooks';
export { writeNotebook } from './write-notebook';
