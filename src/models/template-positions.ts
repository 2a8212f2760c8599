import nunjucks from 'nunjucks';

/** Where template errors and template function calls are, in the template's own lines. */

/**
 * nunjucks reports `[Line n, Column m]` in the message; parse errors count lines from 1, render
 * errors from 0 (except "undefined value", which adds 1 itself), and errors at line 0 or at the
 * end of the file carry no position at all.
 */
export function templateErrorPosition(error: unknown, phase: 'compile' | 'render', text: string) {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /\[Line (\d+), Column (\d+)\]/.exec(raw);
  const message = raw
    .replace(/^\([^)]*\)\s*(\[Line \d+, Column \d+\])?\s*/, '')
    .replace(/^Error: /, '')
    .trim();
  let line: number | undefined;
  if (phase === 'compile') {
    line = position ? Number(position[1]) : /end of file/.test(message) ? text.split('\n').length : undefined;
  } else if (/null or undefined value/.test(message)) {
    line = position ? Number(position[1]) : 1;
  } else {
    line = position ? Number(position[1]) + 1 : 1;
  }
  return { line, message };
}

interface AstNode {
  typename: string;
  lineno: number;
  colno: number;
  fields: string[];
  value?: unknown;
  children?: AstNode[];
  [field: string]: unknown;
}

/** The keyword argument that carries a call's line into the template functions. */
export const LINE_KEYWORD = '_etl_line';

/**
 * Adds `_etl_line=<n>` to every ref/source/config call written in the template (found in
 * nunjucks' syntax tree, where a call's column is its opening parenthesis), so each call reports
 * the line it is written on, even when made from a loop or a macro. nunjucks passes keyword
 * arguments last whatever their place, so the call's own arguments are unchanged.
 */
export function instrument(text: string, functions: readonly string[]): string {
  const calls: Array<{ line: number; column: number }> = [];
  const parser = (nunjucks as unknown as { parser: { parse(src: string): AstNode } }).parser;
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const ast = node as AstNode;
    const name = ast.typename === 'FunCall' ? (ast.name as AstNode | undefined) : undefined;
    if (name?.typename === 'Symbol' && functions.includes(String(name.value))) {
      calls.push({ line: ast.lineno, column: ast.colno });
    }
    for (const field of ast.fields ?? []) {
      const value = ast[field];
      if (Array.isArray(value)) value.forEach(visit);
      else visit(value);
    }
  };
  try {
    visit(parser.parse(text));
  } catch {
    return text;
  }
  const lines = text.split('\n');
  calls.sort((a, b) => b.line - a.line || b.column - a.column);
  for (const { line, column } of calls) {
    const current = lines[line];
    if (current?.[column] !== '(') continue;
    const empty = /^\(\s*\)/.test(current.slice(column));
    lines[line] =
      `${current.slice(0, column + 1)}${LINE_KEYWORD}=${line + 1}${empty ? '' : ', '}${current.slice(column + 1)}`;
  }
  return lines.join('\n');
}
