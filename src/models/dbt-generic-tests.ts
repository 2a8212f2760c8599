import type { CompileProblem } from './compile-error';
import type { GenericTestDefinition } from './generic-tests';
import { only } from './generic-tests';
import type { SourceFile } from './project-files';
import { Relation } from './template-types';

type MacroFunction = (...args: unknown[]) => unknown;

/** A `{% test name(model, column_name, …) %}` block (or `{% macro test_name(…) %}`), found in a file. */
export interface GenericTestMacro {
  /** How YAML names it: `is_positive`, or `<package>.is_positive` for an installed package's. */
  name: string;
  /** The macro it compiles to (`test_is_positive`), in the project or in its package. */
  macro: string;
  package?: string;
  params: Array<{ name: string; hasDefault: boolean }>;
  /** Where it is defined. */
  file: string;
  line: number;
}

/** What a test that could not be rendered compiles to (its problem makes the compile fail anyway). */
const UNUSABLE = 'select 1 as unusable where false';

const DEFINITION = /\{%-?\s*(test|macro)\s+([A-Za-z_]\w*)\s*\(([^)]*)\)\s*-?%\}/g;

/** Finds the generic tests defined in macro files (tests/generic/, macros/, a package's macros). */
export function findGenericTests(files: SourceFile[], packageName?: string): GenericTestMacro[] {
  const found: GenericTestMacro[] = [];
  for (const file of files) {
    for (const match of file.text.matchAll(DEFINITION)) {
      const [, kind, rawName, rawParams] = match as unknown as [string, string, string, string];
      if (kind === 'macro' && !rawName.startsWith('test_')) continue;
      const name = kind === 'test' ? rawName : rawName.slice('test_'.length);
      const params = rawParams
        .split(',')
        .map((param) => param.trim())
        .filter((param) => param !== '')
        .map((param) => ({ name: param.split('=')[0]?.trim() ?? '', hasDefault: param.includes('=') }));
      found.push({
        name: packageName ? `${packageName}.${name}` : name,
        macro: `test_${name}`,
        package: packageName,
        params,
        file: file.file,
        line: file.text.slice(0, match.index).split('\n').length,
      });
    }
  }
  return found;
}

/**
 * Our test definitions for the project's and installed packages' generic tests: each renders its
 * macro with `model` (the tested relation, narrowed by `where`), `column_name` and the YAML's
 * arguments, as dbt calls it. `macros` gives the compiled macros once they exist (after YAML is read).
 */
export function genericTestDefinitions(
  found: GenericTestMacro[],
  macros: (test: GenericTestMacro) => MacroFunction | undefined,
  problems: CompileProblem[],
): Record<string, GenericTestDefinition> {
  const definitions: Record<string, GenericTestDefinition> = {};
  for (const test of found) {
    const own = test.params.filter((p) => p.name !== 'model' && p.name !== 'column_name');
    const example = `Write ${test.name}: { ${own.map((p) => `${p.name}: …`).join(', ')} }.`;
    definitions[test.name] = {
      name: test.name.replace('.', '_'),
      needsColumn: test.params.some((p) => p.name === 'column_name' && !p.hasDefault),
      templateArgs: [],
      validate: (args) =>
        only(
          args,
          own.map((p) => p.name),
          own.filter((p) => !p.hasDefault).map((p) => p.name),
          example,
        ),
      nameParts: (args) => Object.values(args).map(String),
      sql: ({ from, column, args }) => {
        const macro = macros(test);
        // Not compiled: its macro file's problem is reported already.
        if (!macro) return UNUSABLE;
        const values: Record<string, unknown> = {
          ...args,
          model: new Relation('', '', from),
          column_name: column?.replace(/^"|"$/g, '').replace(/""/g, '"'),
        };
        const positional = test.params.filter((p) => !p.hasDefault).map((p) => values[p.name]);
        const keywords = Object.fromEntries(
          test.params.filter((p) => p.hasDefault && p.name in values).map((p) => [p.name, values[p.name]]),
        );
        try {
          return String(macro(...positional, { ...keywords, __keywords: true })).trim();
        } catch (error) {
          problems.push({
            file: test.file,
            line: test.line,
            problem: `generic test ${test.name} failed to render on ${from}: ${(error as Error).message}`,
            fix: 'Correct the test macro, or the arguments the YAML gives it.',
          });
          return UNUSABLE;
        }
      },
    };
  }
  return definitions;
}
