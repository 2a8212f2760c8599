import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { splitLines } from './multiline';
import type { MimeBundle, NotebookDocument } from './notebook-document';

/** Mime types nbformat stores as lists of lines besides text/* (nbformat `_split_mime`). */
const SPLIT_MIME = new Set(['application/javascript', 'image/svg+xml']);

/**
 * Writes a notebook the way Jupyter does (nbformat's writer): sources, stream text and text-like
 * mime data as lists of lines, keys sorted, one-space indent, final newline; so an executed copy
 * diffs cleanly against one saved by Jupyter.
 */
export async function writeNotebook(path: string, document: NotebookDocument): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(sortKeys(onDiskForm(document)), null, 1)}\n`);
}

function onDiskForm(document: NotebookDocument): NotebookDocument {
  const cells = document.cells.map((cell) => {
    const source = typeof cell.source === 'string' ? splitLines(cell.source) : cell.source;
    if (cell.cell_type !== 'code') return { ...cell, source };
    const outputs = cell.outputs.map((output) => {
      if (output.output_type === 'stream') {
        return { ...output, text: typeof output.text === 'string' ? splitLines(output.text) : output.text };
      }
      if (output.output_type === 'display_data' || output.output_type === 'execute_result') {
        return { ...output, data: splitMime(output.data) };
      }
      return output;
    });
    return { ...cell, source, outputs };
  });
  return { ...document, cells };
}

function splitMime(data: MimeBundle): MimeBundle {
  return Object.fromEntries(
    Object.entries(data).map(([mime, value]) =>
      typeof value === 'string' && (mime.startsWith('text/') || SPLIT_MIME.has(mime))
        ? [mime, splitLines(value)]
        : [mime, value],
    ),
  );
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
