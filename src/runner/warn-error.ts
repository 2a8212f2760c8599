import type { TestNode } from '../models/compiled-project';

/**
 * dbt's `--warn-error-options`: which warnings become errors. `include` is `'all'` or a list of test
 * names; `exclude` names tests that stay warnings (only meaningful with `include: 'all'`). dbt's
 * `error`/`warn` keys are accepted as aliases of include/exclude. `--warn-error` is `{ include: 'all' }`.
 */
export interface WarnErrorOptions {
  include: 'all' | string[];
  exclude: string[];
}

export const WARN_ERROR_ALL: WarnErrorOptions = { include: 'all', exclude: [] };

/** Parses the JSON of `--warn-error-options`; a mistake throws a message that shows the expected form. */
export function parseWarnErrorOptions(text: string): WarnErrorOptions {
  const expected =
    'Expected JSON such as \'{"include": "all", "exclude": ["assert_every_store_has_orders"]}\' or \'{"include": ["assert_order_tax_matches_store_rate"]}\'.';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`--warn-error-options is not valid JSON (${(error as Error).message}). ${expected}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`--warn-error-options must be a JSON object. ${expected}`);
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!['include', 'exclude', 'error', 'warn'].includes(key)) {
      throw new Error(`--warn-error-options: unknown key "${key}" (use include and exclude). ${expected}`);
    }
  }
  const include = object.include ?? object.error ?? [];
  const exclude = object.exclude ?? object.warn ?? [];
  const all = include === 'all' || include === '*';
  if (!all && !isNameList(include)) {
    throw new Error(`--warn-error-options: include must be "all" or a list of test names. ${expected}`);
  }
  if (!isNameList(exclude)) {
    throw new Error(`--warn-error-options: exclude must be a list of test names. ${expected}`);
  }
  return { include: all ? 'all' : (include as string[]), exclude };
}

function isNameList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * The tests as the run treats them: a warn-severity test the options promote becomes error-severity
 * (it then fails, guards its table model and skips what depends on it, as dbt does). Also names any
 * test the options mention that the project does not have, for the plan's warnings.
 */
export function warnErrorPromoter(
  options: WarnErrorOptions | undefined,
  tests: readonly TestNode[],
): { promote: (test: TestNode) => TestNode; unknownNames: string[] } {
  if (!options) return { promote: (test) => test, unknownNames: [] };
  const names = new Set(tests.map((test) => test.name));
  const mentioned = [...(options.include === 'all' ? [] : options.include), ...options.exclude];
  const unknownNames = [...new Set(mentioned.filter((name) => !names.has(name)))];
  const exclude = new Set(options.exclude);
  const include = options.include === 'all' ? undefined : new Set(options.include);
  const promoted = new Map<TestNode, TestNode>();
  const promote = (test: TestNode): TestNode => {
    if (test.severity !== 'warn' || exclude.has(test.name)) return test;
    if (include && !include.has(test.name)) return test;
    let copy = promoted.get(test);
    if (!copy) {
      copy = { ...test, severity: 'error' };
      promoted.set(test, copy);
    }
    return copy;
  };
  return { promote, unknownNames };
}
