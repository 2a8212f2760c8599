import { readFile } from 'node:fs/promises';
import type { NotebookCell, NotebookDocument } from './notebook-document';
import { NotebookError } from './notebook-error';

/** Reads and checks an nbformat 4 notebook; a malformed file is a NotebookError ('invalid-notebook'). */
export async function readNotebook(path: string): Promise<NotebookDocument> {
  const invalid = (problem: string) =>
    new NotebookError({ notebook: path, reason: 'invalid-notebook', problem });
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new NotebookError({
      notebook: path,
      reason: 'not-found',
      problem: `cannot read the notebook (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    });
  }
  let document: NotebookDocument;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw invalid(`not valid JSON: ${(error as Error).message}`);
  }
  if (document?.nbformat !== 4) throw invalid(`nbformat ${String(document?.nbformat)}, expected 4`);
  if (!Array.isArray(document.cells)) throw invalid('no "cells" list');
  document.metadata ??= {};
  const kernel = document.metadata.kernelspec?.name;
  if (kernel !== undefined && kernel !== 'tslab' && kernel !== 'jslab') {
    throw invalid(`kernel "${kernel}", expected "tslab" (TypeScript)`);
  }
  document.cells.forEach((cell: NotebookCell, index) => {
    if (!cell || typeof cell !== 'object' || typeof cell.cell_type !== 'string') {
      throw invalid(`cell ${index + 1} (counting all cells) has no cell_type`);
    }
    cell.source ??= '';
    cell.metadata ??= {};
    if (cell.cell_type === 'code') {
      cell.outputs ??= [];
      cell.execution_count ??= null;
    }
  });
  return document;
}
