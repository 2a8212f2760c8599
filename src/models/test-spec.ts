import { isMap, isScalar, type Node } from 'yaml';
import type { Severity } from './compiled-project';
import { DBT_UTILS_TESTS } from './dbt-utils-tests';
import { didYouMean } from './did-you-mean';
import { GENERIC_TESTS, type GenericTestDefinition } from './generic-tests';
import { readTags } from './model-config';
import type { YamlFile } from './yaml-file';

/** A generic test as declared in YAML, validated, not yet compiled. */
export interface TestSpec {
  definition: GenericTestDefinition;
  args: Record<string, unknown>;
  severity: Severity;
  where?: string;
  storeFailures?: boolean;
  tags: string[];
  /** `name:` given in the YAML, replacing the generated name. */
  customName?: string;
  columnName?: string;
  file: string;
  /** The YAML file's path relative to the project folder. */
  path: string;
  line: number;
}

const CONFIG_KEYS = ['severity', 'where', 'tags', 'store_failures'];

/**
 * Reads one entry of a `data_tests:` (or `tests:`) list: `unique`, `{ not_null: { config: {…} } }`,
 * `{ accepted_values: { values: […], severity: warn } }` (config next to the arguments, as dbt
 * accepts) or `{ relationships: { arguments: { to, field } } }` (dbt 1.10 style).
 */
export function readTestSpec(
  yaml: YamlFile,
  node: Node,
  columnName: string | undefined,
): TestSpec | undefined {
  const entry = readTestEntry(yaml, node);
  if (!entry) return undefined;
  const { name, definition, raw } = entry;
  const spec: TestSpec = {
    definition,
    args: {},
    severity: 'error',
    tags: [],
    columnName,
    file: yaml.file,
    path: yaml.source.path,
    line: yaml.line(node),
  };
  let ok = true;
  const fail = (problem: string, fix: string) => {
    ok = false;
    yaml.problem(node, `test "${name}": ${problem}`, fix);
  };
  readTestArguments(spec, raw, fail);
  if (typeof spec.args.column_name === 'string' && spec.columnName === undefined) {
    spec.columnName = spec.args.column_name;
    delete spec.args.column_name;
  }
  if (definition.needsColumn && spec.columnName === undefined) {
    fail(
      'this test checks a column but is not declared under one',
      `Move it under the column's data_tests, or give it a column_name: argument.`,
    );
  }
  for (const problem of definition.validate(spec.args)) fail(problem.problem, problem.fix);
  return ok ? spec : undefined;
}

/** The entry's test name, its definition and its body as plain data (a mapping); reports what is off. */
function readTestEntry(
  yaml: YamlFile,
  node: Node,
): { name: string; definition: GenericTestDefinition; raw: Record<string, unknown> } | undefined {
  let name: string;
  let body: Node | undefined;
  if (isScalar(node) && typeof node.value === 'string') {
    name = node.value;
  } else if (isMap(node) && node.items.length === 1) {
    name = String(yaml.keys(node)[0]?.key);
    body = yaml.get(node, name);
  } else {
    return yaml.problem(
      node,
      'a test entry must be a test name or a mapping with exactly one key, the test name',
      'Write "- unique" or "- accepted_values: { values: [a, b] }".',
    );
  }
  // The project's and installed packages' own tests first: they replace built-ins of the same name, as in dbt.
  const definition = yaml.genericTests?.[name] ?? GENERIC_TESTS[name] ?? DBT_UTILS_TESTS[name];
  if (!definition) {
    const known = [
      ...Object.keys(GENERIC_TESTS),
      ...Object.keys(DBT_UTILS_TESTS),
      ...Object.keys(yaml.genericTests ?? {}),
    ];
    return yaml.problem(
      node,
      `unknown test "${name}".${didYouMean(name, known)}`,
      `Use one of ${known.join(', ')}, or write a singular test in tests/.`,
    );
  }
  const raw = body === undefined || (isScalar(body) && body.value === null) ? {} : yaml.plain(body);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return yaml.problem(
      node,
      `the arguments of test "${name}" must be a mapping`,
      `Write ${name}: { key: value }.`,
    );
  }
  return { name, definition, raw: raw as Record<string, unknown> };
}

/** The body's keys: `config:`, `arguments:` (dbt 1.10), `name:`, config keys beside the arguments, arguments. */
function readTestArguments(
  spec: TestSpec,
  raw: Record<string, unknown>,
  fail: (problem: string, fix: string) => void,
): void {
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'config') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        fail('config must be a mapping', 'Write config: { severity: warn, where: "…" }.');
        continue;
      }
      for (const [configKey, configValue] of Object.entries(value))
        readConfig(spec, configKey, configValue, fail);
    } else if (key === 'arguments' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      Object.assign(spec.args, value);
    } else if (key === 'name') {
      if (typeof value === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) spec.customName = value;
      else fail(`name must be a plain name, got ${JSON.stringify(value)}`, 'Use letters, digits and "_".');
    } else if (CONFIG_KEYS.includes(key)) {
      readConfig(spec, key, value, fail);
    } else {
      spec.args[key] = value;
    }
  }
}

function readConfig(
  spec: TestSpec,
  key: string,
  value: unknown,
  fail: (problem: string, fix: string) => void,
): void {
  if (key === 'severity') {
    const severity = typeof value === 'string' ? value.toLowerCase() : value;
    if (severity === 'error' || severity === 'warn') spec.severity = severity;
    else
      fail(
        `severity must be error or warn, got ${JSON.stringify(value)}`,
        'Write severity: warn (or error).',
      );
  } else if (key === 'where') {
    if (typeof value === 'string' && value.trim() !== '') spec.where = value;
    else fail('where must be a SQL predicate', 'Write where: "ordered_at > \'2020-01-01\'".');
  } else if (key === 'tags') {
    spec.tags = readTags(value, fail) ?? [];
  } else if (key === 'store_failures') {
    if (typeof value === 'boolean') spec.storeFailures = value;
    else
      fail(
        'store_failures must be true or false',
        'Write store_failures: true to keep the failing rows in a table.',
      );
  } else {
    fail(
      `unknown test config "${key}".${didYouMean(key, CONFIG_KEYS)}`,
      `Use ${CONFIG_KEYS.join(', ')} under config:, or remove it.`,
    );
  }
}
