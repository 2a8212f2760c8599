import nunjucks from 'nunjucks';
import type { CompileProblem } from './compile-error';
import { installDbtJinja } from './dbt-jinja';
import { didYouMean } from './did-you-mean';
import { type FastTemplate, parseFastTemplate, renderFastTemplate } from './fast-template';

/** What `ref()`, `source()` and `this` render to: the quoted relation, with its parts. */
export class Relation {
  constructor(
    readonly schema: string,
    readonly identifier: string,
    private readonly quoted: string,
  ) {}

  get name(): string {
    return this.identifier;
  }

  toString(): string {
    return this.quoted;
  }
}

/** How the template functions resolve names; undefined means unknown (a problem is reported). */
export interface TemplateScope {
  ref(name: string): Relation | undefined;
  /** The unique id of what ref(name) names (`model.x` or `seed.x`). */
  refId?(name: string): string | undefined;
  source(sourceName: string, table: string): Relation | undefined;
  /** Problem text for an unknown ref/source (with a did-you-mean). */
  unknownRef(name: string): { problem: string; fix: string };
  unknownSource(sourceName: string, table: string): { problem: string; fix: string };
  self?: Relation;
  /** What `is_incremental()` returns (true only when rendering an incremental model's new rows). */
  isIncremental?: boolean;
  /** Macros of `macros/*.sql` and `target` / `dialect`, available in every template. */
  globals?: Record<string, unknown>;
}

export interface RecordedCall<A> {
  args: A;
  line?: number;
}

export interface RenderResult {
  /** The rendered SQL, or undefined when the template could not be rendered. */
  sql?: string;
  refs: RecordedCall<string>[];
  sources: RecordedCall<{ sourceName: string; table: string }>[];
  configs: RecordedCall<Record<string, unknown>>[];
}

export interface TemplateInput {
  file: string;
  text: string;
  /** Line of the file where `text` starts (templates taken from YAML values). */
  firstLine?: number;
}

const FUNCTIONS = ['ref', 'source', 'config'];
/** Callable in every template besides the recorded functions and the project's macros. */
const BUILTINS = ['is_incremental'];

// No loader: a model cannot include other files, and nothing is ever read from disk here.
// autoescape off (this is SQL, not HTML); undefined values are errors rather than silent blanks.
export const environment = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: true });
installDbtJinja(environment);

/**
 * Templates by input object: a model renders two or three times (the passes of compileProject,
 * is_incremental). Most are text and simple `{{ … }}` expressions, rendered by the fast path;
 * the others are compiled by nunjucks once (on first need). Keyed weakly, so nothing outlives
 * the project files; a changed text is read again.
 */
interface PreparedTemplate {
  text: string;
  fast?: FastTemplate;
  template?: nunjucks.Template;
}

const preparedTemplates = new WeakMap<TemplateInput, PreparedTemplate>();
let fastPathEnabled = true;

/**
 * Turns the fast path off (or back on). For the test that proves it renders exactly what
 * nunjucks renders; nothing else should need it.
 */
export function useFastTemplates(enabled: boolean): void {
  fastPathEnabled = enabled;
}

function preparedTemplate(input: TemplateInput): PreparedTemplate {
  const known = preparedTemplates.get(input);
  if (known && known.text === input.text) return known;
  const prepared: PreparedTemplate = { text: input.text, fast: parseFastTemplate(input.text) };
  preparedTemplates.set(input, prepared);
  return prepared;
}

function compiledTemplate(input: TemplateInput, prepared: PreparedTemplate): nunjucks.Template {
  prepared.template ??= new nunjucks.Template(instrument(input.text), environment, input.file, true);
  return prepared.template;
}

/**
 * Renders one template with recording `ref`/`source`/`config` functions: each call is recorded
 * with its line (found in the template's syntax tree), unknown names are reported as problems,
 * and rendering goes on so every problem of the file is found in one pass.
 */
export function renderTemplate(
  input: TemplateInput,
  scope: TemplateScope,
  problems: CompileProblem[],
): RenderResult {
  const result: RenderResult = { refs: [], sources: [], configs: [] };
  const firstLine = input.firstLine ?? 1;
  const report = (line: number | undefined, problem: string, fix: string) =>
    problems.push({
      file: input.file,
      line: line === undefined ? undefined : line + firstLine - 1,
      problem,
      fix,
    });
  const prepared = preparedTemplate(input);
  const placeholder = new Relation('unknown', 'unknown', '"unknown"."unknown"');
  const shift = (line: number | undefined) => (line === undefined ? undefined : line + firstLine - 1);
  const context = {
    ...scope.globals,
    is_incremental: () => scope.isIncremental === true,
    ref: (...args: unknown[]) => {
      const { positional, keywords, line } = callArguments(args);
      if (positional.length !== 1 || typeof positional[0] !== 'string' || Object.keys(keywords).length > 0) {
        report(
          line,
          `ref() takes one model name, got ${describeArgs(positional, keywords)}`,
          "Write {{ ref('model_name') }}.",
        );
        return placeholder;
      }
      result.refs.push({ args: positional[0], line: shift(line) });
      const relation = scope.ref(positional[0]);
      if (!relation) {
        const { problem, fix } = scope.unknownRef(positional[0]);
        report(line, problem, fix);
      }
      return relation ?? placeholder;
    },
    source: (...args: unknown[]) => {
      const { positional, keywords, line } = callArguments(args);
      const [sourceName, table] = positional;
      if (
        positional.length !== 2 ||
        typeof sourceName !== 'string' ||
        typeof table !== 'string' ||
        Object.keys(keywords).length > 0
      ) {
        report(
          line,
          `source() takes a source name and a table name, got ${describeArgs(positional, keywords)}`,
          "Write {{ source('raw', 'raw_orders') }}.",
        );
        return placeholder;
      }
      result.sources.push({ args: { sourceName, table }, line: shift(line) });
      const relation = scope.source(sourceName, table);
      if (!relation) {
        const { problem, fix } = scope.unknownSource(sourceName, table);
        report(line, problem, fix);
      }
      return relation ?? placeholder;
    },
    config: (...args: unknown[]) => {
      const { positional, keywords, line } = callArguments(args);
      if (positional.length > 0) {
        report(line, 'config() takes only key=value arguments', "Write {{ config(materialized='table') }}.");
        return '';
      }
      result.configs.push({ args: keywords, line: shift(line) });
      return '';
    },
    this: scope.self,
  };
  const fast = fastPathEnabled ? prepared.fast : undefined;
  if (fast) {
    const reported = problems.length;
    const sql = renderFastTemplate(fast, context, FUNCTIONS);
    if (sql !== undefined) {
      result.sql = sql;
      return result;
    }
    // Not for the fast path after all (an undefined value, a failing macro): nunjucks renders it
    // again from scratch, so what was recorded meanwhile is dropped.
    problems.length = reported;
    result.refs.length = 0;
    result.sources.length = 0;
    result.configs.length = 0;
  }
  let template: nunjucks.Template;
  try {
    // Instrumenting only inserts text within lines, so syntax errors keep their line numbers.
    template = compiledTemplate(input, prepared);
  } catch (error) {
    const { line, message } = templateErrorPosition(error, 'compile', input.text);
    report(line, `template syntax error: ${message}`, 'Correct the {{ … }} / {% … %} syntax at that line.');
    return result;
  }
  try {
    result.sql = template.render(context);
  } catch (error) {
    const { line, message } = templateErrorPosition(error, 'render', input.text);
    const unknown = /Unable to call `([^`]+)`/.exec(message)?.[1];
    const available = [...FUNCTIONS, ...BUILTINS, ...macroNames(scope.globals)];
    if (unknown) {
      report(
        line,
        `unknown function ${unknown}().${didYouMean(unknown, available)}`,
        `The functions available in a template are ${available.join(', ')} (macros go in macros/*.sql).`,
      );
    } else if (/null or undefined value/.test(message)) {
      report(
        line,
        'a {{ … }} expression is undefined',
        'Check the spelling of the variable or attribute it prints.',
      );
    } else {
      report(line, `template error: ${message}`, 'Correct the template expression at that line.');
    }
  }
  return result;
}

function macroNames(globals: Record<string, unknown> | undefined): string[] {
  return Object.entries(globals ?? {})
    .filter(([, value]) => typeof value === 'function')
    .map(([name]) => name);
}

/**
 * nunjucks reports `[Line n, Column m]` in the message; parse errors count lines from 1, render
 * errors from 0 (except "undefined value", which adds 1 itself), and errors at line 0 or at the
 * end of the file carry no position at all.
 */
function templateErrorPosition(error: unknown, phase: 'compile' | 'render', text: string) {
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

function describeArgs(args: unknown[], keywords: Record<string, unknown>): string {
  const all = [
    ...args.map((arg) => JSON.stringify(arg) ?? String(arg)),
    ...Object.entries(keywords).map(([key, value]) => `${key}=${JSON.stringify(value)}`),
  ];
  return all.length === 0 ? 'no arguments' : all.join(', ');
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
const LINE_KEYWORD = '_etl_line';

/**
 * Adds `_etl_line=<n>` to every ref/source/config call written in the template (found in
 * nunjucks' syntax tree, where a call's column is its opening parenthesis), so each call reports
 * the line it is written on, even when made from a loop or a macro. nunjucks passes keyword
 * arguments last whatever their place, so the call's own arguments are unchanged.
 */
function instrument(text: string): string {
  const calls: Array<{ line: number; column: number }> = [];
  const parser = (nunjucks as unknown as { parser: { parse(src: string): AstNode } }).parser;
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const ast = node as AstNode;
    const name = ast.typename === 'FunCall' ? (ast.name as AstNode | undefined) : undefined;
    if (name?.typename === 'Symbol' && FUNCTIONS.includes(String(name.value))) {
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

/** Splits a call's arguments into positional ones, keyword ones and the call's line. */
function callArguments(args: unknown[]) {
  const last = args.at(-1);
  const hasKeywords = typeof last === 'object' && last !== null && '__keywords' in last;
  const {
    __keywords: _,
    [LINE_KEYWORD]: line,
    ...keywords
  } = (hasKeywords ? last : {}) as Record<string, unknown>;
  return {
    positional: hasKeywords ? args.slice(0, -1) : args,
    keywords,
    line: typeof line === 'number' ? line : undefined,
  };
}
