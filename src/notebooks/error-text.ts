import type { NotebookOutput } from './notebook-document';

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * What a failed cell said: its stderr (tslab sends no error text in the reply and no `error`
 * message; the compile diagnostics or the thrown error's stack arrive on stderr) and any `error`
 * output (other kernels), without terminal colours.
 */
export function cellErrorText(outputs: readonly NotebookOutput[]): string {
  const parts: string[] = [];
  for (const output of outputs) {
    if (output.output_type === 'stream' && output.name === 'stderr') {
      parts.push(Array.isArray(output.text) ? output.text.join('') : output.text);
    } else if (output.output_type === 'error') {
      parts.push(
        output.traceback.length > 0 ? output.traceback.join('\n') : `${output.ename}: ${output.evalue}`,
      );
    }
  }
  return stripAnsi(parts.join('\n')).trim();
}

/** The error text without stack frames inside Node itself or tslab (they say nothing about the cell). */
export function compactErrorText(text: string, maxLines = 20): string {
  const lines = text
    .split('\n')
    .filter((line) => !/^\s+at .*(\(node:|\bnode:internal|node_modules[\\/]tslab[\\/])/.test(line));
  const kept = lines.slice(0, maxLines);
  if (lines.length > maxLines) kept.push(`    … ${lines.length - maxLines} more lines`);
  return kept.join('\n');
}

/** What tslab prints for errors nobody awaited or caught (its process handlers in tslab/dist/main.js). */
const UNHANDLED = /^(UnhandledPromiseRejection|UncaughtException):/m;

/**
 * The stderr text from tslab's report of an unhandled rejection or uncaught exception, if the cell
 * has one. tslab replies `ok` for such a cell (Jupyter shows it as passed) although, say, a load
 * that nobody awaited failed. It lands in the cell running when it happens.
 */
export function unhandledErrorText(outputs: readonly NotebookOutput[]): string | undefined {
  const stderr = cellErrorText(outputs.filter((output) => output.output_type === 'stream'));
  const match = UNHANDLED.exec(stderr);
  return match ? stderr.slice(match.index) : undefined;
}
