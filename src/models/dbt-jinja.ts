import nunjucks from 'nunjucks';

interface ExtensionParser {
  nextToken(): { value: string; lineno: number; colno: number };
  parseExpression(): unknown;
  advanceAfterBlockEnd(name: string): void;
}
interface ExtensionNodes {
  NodeList: new (line: number, column: number, children: unknown[]) => unknown;
  CallExtension: new (extension: object, method: string, args: unknown, contentArgs: unknown[]) => unknown;
}

/** `{% do expression %}`: evaluates the expression (`{% do items.append(x) %}`) and prints nothing, as Jinja's do. */
class DoExtension {
  readonly tags = ['do'];

  parse(parser: ExtensionParser, nodes: ExtensionNodes): unknown {
    const token = parser.nextToken();
    const expression = parser.parseExpression();
    parser.advanceAfterBlockEnd(token.value);
    return new nodes.CallExtension(
      this,
      'run',
      new nodes.NodeList(token.lineno, token.colno, [expression]),
      [],
    );
  }

  run(): string {
    return '';
  }
}

const TEST_BLOCK = /\{%(-?)(\s*)test\s+([A-Za-z_]\w*)\s*\(/g;
const END_TEST = /\{%(-?)(\s*)endtest(\s*)(-?)%\}/g;
const SET_ATTRIBUTE = /\{%(-?)(\s*)set\s+([A-Za-z_]\w*)\.([A-Za-z_]\w*)(\s*)=([\s\S]*?)(-?)%\}/g;

/**
 * Jinja syntax nunjucks cannot parse, rewritten before it does: dbt's `{% test name(…) %}` …
 * `{% endtest %}` becomes `{% macro test_name(…) %}` … `{% endmacro %}` (as dbt compiles it);
 * `{% set ns.x = value %}` (a
 * namespace attribute) becomes `{% do ns.update({"x": value}) %}` (Python's dict.update, from
 * nunjucks' Jinja compatibility). Only the tag's text changes, never its lines, so errors keep
 * their file:line.
 */
export function rewriteJinja(text: string): string {
  if (!text.includes('set') && !text.includes('test')) return text;
  return text
    .replace(TEST_BLOCK, '{%$1$2macro test_$3(')
    .replace(END_TEST, '{%$1$2endmacro$3$4%}')
    .replace(
      SET_ATTRIBUTE,
      (_, open, space, name, attribute, gap, value, close) =>
        `{%${open}${space}do ${name}.update({"${attribute}":${gap}${value}}) ${close}%}`,
    );
}

/**
 * The Jinja that dbt projects use and nunjucks lacks, added to the template environment (once):
 * Python-style methods and True/False/None (nunjucks' own Jinja compatibility), `{% do %}`, the
 * tests `none`, `boolean`, `sequence`, `integer`, `float`, and dbt's filters `as_bool`,
 * `as_number`, `as_text`, `as_native`, `tojson`.
 */
export function installDbtJinja(environment: nunjucks.Environment): void {
  nunjucks.installJinjaCompat();
  environment.addExtension('DoExtension', new DoExtension());
  const tests: Record<string, (value: unknown) => boolean> = {
    none: (value) => value === null || value === undefined,
    boolean: (value) => typeof value === 'boolean',
    sequence: (value) => Array.isArray(value) || typeof value === 'string',
    integer: (value) => Number.isInteger(value),
    float: (value) => typeof value === 'number' && !Number.isInteger(value),
  };
  for (const [name, test] of Object.entries(tests))
    (environment as unknown as { addTest(n: string, t: (v: unknown) => boolean): void }).addTest(name, test);
  environment.addFilter('as_bool', (value: unknown) =>
    typeof value === 'string' ? /^true$/i.test(value.trim()) : Boolean(value),
  );
  environment.addFilter('as_number', (value: unknown) => Number(value));
  environment.addFilter('as_text', (value: unknown) => String(value));
  environment.addFilter('as_native', (value: unknown) => value);
  environment.addFilter('tojson', (value: unknown) => JSON.stringify(value));
}
