import type { MultilineString } from './notebook-document';

/** One string from Jupyter's string-or-list-of-lines form. */
export function joinMultiline(text: MultilineString): string {
  return Array.isArray(text) ? text.join('') : text;
}

/** Jupyter's on-disk form: a list of lines, each keeping its `\n` (the last one may lack it). */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
