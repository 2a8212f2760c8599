import nunjucks from 'nunjucks';
import type { CompileProblem } from './compile-error';
import { installDbtJinja, rewriteJinja } from './dbt-jinja';
import { didYouMean } from './did-you-mean';
import { type FastTemplate, parseFastTemplate, renderFastTemplate } from './fast-template';
import { templateFunctions } from './template-functions';
import { instrument, templateErrorPosition } from './template-positions';
import type { RenderResult, TemplateInput, TemplateScope } from './template-types';

export { Relation, type RenderResult, type TemplateInput, type TemplateScope } from './template-types';

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
  prepared.template ??= new nunjucks.Template(
    instrument(rewriteJinja(input.text), FUNCTIONS),
    environment,
    input.file,
    true,
  );
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
  const shift = (line: number | undefined) => (line === undefined ? undefined : line + firstLine - 1);
  const context = templateFunctions(scope, result, report, shift);
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
