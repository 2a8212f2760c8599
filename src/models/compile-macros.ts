import nunjucks from 'nunjucks';
import type { DialectName } from '../warehouse/dialect';
import type { CompileProblem } from './compile-error';
import { rewriteJinja } from './dbt-jinja';
import type { SourceFile } from './project-files';
import { environment } from './template-renderer';

/** What every template sees besides ref/source/config: dbt's `target` and our `dialect`. */
export function templateGlobals(dialect: DialectName): Record<string, unknown> {
  return { target: { type: dialect, name: dialect }, dialect };
}

const RESERVED = ['ref', 'source', 'config', 'this', 'is_incremental', 'target', 'dialect'];

/**
 * Reads `macros/*.sql`: each file's top-level `{% macro name(args) %}…{% endmacro %}` becomes a
 * function available in every model, test and analysis. Macros see `target.type` / `dialect`
 * ('postgres' or 'redshift'), so one macro can spell SQL per engine, and the macros of the files
 * read before theirs (files are read in path order). Problems name the macro file and line.
 */
export function compileMacros(
  files: SourceFile[],
  dialect: DialectName,
  problems: CompileProblem[],
  /** A dbt project's globals (target, var, adapter, return…), seen by its macros. */
  extraGlobals: Record<string, unknown> = {},
): Record<string, unknown> {
  const globals = { ...templateGlobals(dialect), ...extraGlobals };
  const macros: Record<string, unknown> = {};
  const definedIn = new Map<string, string>();
  for (const file of files) {
    let exported: Record<string, unknown> = {};
    try {
      // getExported runs the file's top level and hands back its macros (synchronously: no async filters).
      const template = new nunjucks.Template(
        rewriteJinja(file.text),
        environment,
        file.file,
        true,
      ) as unknown as {
        getExported(context: object, frame: null, done: (error: unknown, result: unknown) => void): void;
      };
      template.getExported({ ...globals, ...macros }, null, (error, result) => {
        if (error) throw error;
        exported = result as Record<string, unknown>;
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const line = /\[Line (\d+), Column \d+\]/.exec(message)?.[1];
      problems.push({
        file: file.file,
        line: line ? Number(line) : 1,
        problem: `macro file error: ${message
          .replace(/^\([^)]*\)\s*(\[Line \d+, Column \d+\])?\s*/, '')
          .replace(/^Error: /, '')
          .trim()}`,
        fix: 'A macro file holds {% macro name(args) %} … {% endmacro %} blocks: correct the syntax at that line.',
      });
      continue;
    }
    for (const [name, value] of Object.entries(exported)) {
      if (typeof value !== 'function') continue;
      const line = lineOf(file.text, name);
      if (RESERVED.includes(name)) {
        problems.push({
          file: file.file,
          line,
          problem: `a macro cannot be named "${name}": the name is taken by the template functions`,
          fix: 'Rename the macro.',
        });
        continue;
      }
      const first = definedIn.get(name);
      if (first) {
        problems.push({
          file: file.file,
          line,
          problem: `macro "${name}" is defined twice: here and in ${first}`,
          fix: 'Keep one definition, or rename one of them.',
        });
        continue;
      }
      definedIn.set(name, `${file.file}:${line}`);
      macros[name] = value;
    }
  }
  return macros;
}

function lineOf(text: string, macro: string): number {
  const index = text.search(new RegExp(`\\{%-?\\s*macro\\s+${macro}\\b`));
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}
