import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { NotebookError } from './notebook-error';

/** Workbook notebooks are `NN-name.ipynb`: two digits give the order. */
const NOTEBOOK_NAME = /^\d{2}-.+\.ipynb$/;

/**
 * The `NN-*.ipynb` files of `dir` in name order (absolute paths). `only` picks one notebook by its
 * file name (`02-loading.ipynb`), name without extension (`02-loading`), number (`02`) or name
 * without number (`loading`); no match is a NotebookError listing what exists.
 */
export async function listNotebooks(dir: string, only?: string): Promise<string[]> {
  const folder = resolve(dir);
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch (error) {
    throw new NotebookError({
      notebook: folder,
      reason: 'not-found',
      problem: `cannot read the notebooks folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    });
  }
  const names = entries.filter((name) => NOTEBOOK_NAME.test(name)).sort();
  if (names.length === 0) {
    throw new NotebookError({
      notebook: folder,
      reason: 'not-found',
      problem: 'no NN-*.ipynb notebooks in this folder',
    });
  }
  if (only === undefined) return names.map((name) => join(folder, name));
  const stem = (name: string) => name.replace(/\.ipynb$/, '');
  const picked = names.filter(
    (name) =>
      name === only ||
      stem(name) === only ||
      stem(name).startsWith(`${only}-`) ||
      stem(name).slice(3) === only,
  );
  if (picked.length !== 1) {
    throw new NotebookError({
      notebook: folder,
      reason: 'not-found',
      problem: `${picked.length === 0 ? 'no notebook matches' : `${picked.length} notebooks match`} "${only}"; the notebooks are ${names.join(', ')}`,
    });
  }
  return picked.map((name) => join(folder, name));
}
