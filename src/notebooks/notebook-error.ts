import { displayPath } from '../paths/display-path';
import { compactErrorText } from './error-text';

export type NotebookFailure =
  | 'cell-error'
  | 'cell-timeout'
  | 'kernel-start'
  | 'kernel-exit'
  | 'invalid-notebook'
  | 'not-found';

/** Where in the notebook: `index` counts code cells only (1 = first code cell from the top). */
export type FailedCell = {
  index: number;
  /** The cell's place counting every cell, markdown included (1-based). */
  position: number;
  codeCellCount: number;
  source: string;
};

export type NotebookErrorDetails = {
  notebook: string;
  reason: NotebookFailure;
  /** What happened, one sentence without a final period. */
  problem: string;
  cell?: FailedCell;
  /** The cell's stderr / error output, or the kernel's own output when it could not start. */
  errorText?: string;
  /** The executed copy written despite the failure (outputs up to the failing cell). */
  executedCopy?: string;
  kernelPid?: number;
  /** How to fix or reproduce; a default is derived from `reason`. */
  hint?: string;
};

/**
 * A notebook that did not run through. The message names the notebook, the code cell (counted as
 * a user counts code cells: 1 is the first code cell from the top), the cell's source, the error
 * text, the executed copy, and how to reproduce it in Jupyter.
 */
export class NotebookError extends Error {
  readonly notebook: string;
  readonly reason: NotebookFailure;
  readonly cell?: FailedCell;
  readonly errorText?: string;
  readonly executedCopy?: string;
  readonly kernelPid?: number;

  constructor(details: NotebookErrorDetails) {
    super(formatNotebookError(details));
    this.name = 'NotebookError';
    this.notebook = details.notebook;
    this.reason = details.reason;
    this.cell = details.cell;
    this.errorText = details.errorText;
    this.executedCopy = details.executedCopy;
    this.kernelPid = details.kernelPid;
  }

  /** 1-based index among code cells, when a cell is to blame. */
  get cellIndex(): number | undefined {
    return this.cell?.index;
  }

  toJSON(): Record<string, unknown> {
    return {
      notebook: this.notebook,
      reason: this.reason,
      cellIndex: this.cell?.index,
      cellPosition: this.cell?.position,
      source: this.cell?.source,
      errorText: this.errorText,
      executedCopy: this.executedCopy,
      message: this.message,
    };
  }
}

function formatNotebookError(details: NotebookErrorDetails): string {
  const notebook = displayPath(details.notebook);
  const lines = [`${notebook}: ${details.problem}.`];
  const cell = details.cell;
  if (cell) {
    lines[0] = `${notebook}: ${details.problem} (code cell ${cell.index} of ${cell.codeCellCount}, counting code cells only from the top as Jupyter shows them; cell ${cell.position} counting markdown cells too).`;
    lines.push(sourceExcerpt(cell.source));
  }
  if (details.errorText) lines.push(compactErrorText(details.errorText));
  if (details.executedCopy)
    lines.push(`Executed copy with the outputs so far: ${displayPath(details.executedCopy)}`);
  lines.push(details.hint ?? defaultHint(details.reason, notebook));
  return lines.join('\n');
}

function defaultHint(reason: NotebookFailure, notebook: string): string {
  const reproduce = `To reproduce: open ${notebook} in Jupyter (kernel "TypeScript", tslab) and run all cells from the top.`;
  switch (reason) {
    case 'cell-timeout':
      return `If the cell is only slow, raise the per-cell timeout; otherwise find what it waits for. ${reproduce}`;
    case 'kernel-start':
      return 'Check that `npm install` completed (tslab and its zeromq binary are in node_modules) and that loopback TCP ports can be bound.';
    case 'invalid-notebook':
      return 'The file must be an nbformat 4 notebook (JSON) using the tslab kernel.';
    case 'not-found':
      return 'Notebooks are named NN-name.ipynb (two digits, a dash, a name).';
    default:
      return reproduce;
  }
}

function sourceExcerpt(source: string, maxLines = 8): string {
  const lines = source.replace(/\s+$/, '').split('\n');
  const shown = lines.slice(0, maxLines).map((line) => `  | ${line}`);
  if (lines.length > maxLines) shown.push(`  | … ${lines.length - maxLines} more lines`);
  return shown.join('\n');
}
