import { isScalar, type Node, type YAMLMap } from 'yaml';
import { readTags } from './model-config';
import type { YamlFile } from './yaml-file';

export type FixtureRow = Record<string, unknown>;

/** One `given:` entry: `input: ref('stg_orders')` (or source(...), or `this`) and its rows. */
export interface UnitTestInput {
  /** The input as written: `ref('stg_orders')`, `source('raw', 'raw_orders')` or `this`. */
  input: string;
  rows: FixtureRow[];
  line: number;
}

/** A unit test as declared in YAML (dbt 1.8's `unit_tests:`), validated, not yet compiled. */
export interface UnitTestSpec {
  name: string;
  model: string;
  description?: string;
  given: UnitTestInput[];
  expectRows: FixtureRow[];
  /** `overrides: { macros: { is_incremental: true } }` */
  isIncremental: boolean;
  tags: string[];
  file: string;
  path: string;
  line: number;
}

const KEYS = ['name', 'model', 'description', 'given', 'expect', 'overrides', 'config'];
const GIVEN_KEYS = ['input', 'rows', 'format'];
const EXPECT_KEYS = ['rows', 'format'];

/** Reads one entry of `unit_tests:`, reporting what is wrong with its file and line. */
export function readUnitTestSpec(yaml: YamlFile, node: Node): UnitTestSpec | undefined {
  const map = yaml.asMap(node, 'a unit test entry');
  if (!map) return undefined;
  yaml.checkKeys(map, KEYS, 'in a unit test');
  const name = yaml.asString(yaml.get(map, 'name'), 'the name of a unit test');
  const model = yaml.asString(yaml.get(map, 'model'), 'the model of a unit test');
  if (!name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    return yaml.problem(
      map,
      'a unit test needs a name of letters, digits and "_"',
      'Add "name: <name>" to it.',
    );
  }
  if (!model) return yaml.problem(map, `unit test "${name}" names no model`, 'Add "model: <model_name>".');
  const spec: UnitTestSpec = {
    name,
    model,
    description: yaml.asString(yaml.get(map, 'description'), 'description'),
    given: [],
    expectRows: [],
    isIncremental: false,
    tags: [],
    file: yaml.file,
    path: yaml.source.path,
    line: yaml.line(map),
  };
  for (const givenNode of yaml.asList(yaml.get(map, 'given'), `the given of unit test "${name}"`)) {
    const given = yaml.asMap(givenNode, 'a given entry');
    if (!given) continue;
    yaml.checkKeys(given, GIVEN_KEYS, `in a given of unit test "${name}"`);
    checkFormat(yaml, given);
    const input = yaml.asString(yaml.get(given, 'input'), 'input');
    if (!input) {
      yaml.problem(given, `a given of unit test "${name}" has no input`, "Write input: ref('model_name').");
      continue;
    }
    spec.given.push({ input: input.trim(), rows: readRows(yaml, given, name), line: yaml.line(given) });
  }
  const expectNode = yaml.get(map, 'expect');
  const expect = expectNode === undefined ? undefined : yaml.asMap(expectNode, 'expect');
  if (!expect) {
    yaml.problem(map, `unit test "${name}" has no expect`, 'Add expect: { rows: [ { column: value } ] }.');
  } else {
    yaml.checkKeys(expect, EXPECT_KEYS, `in the expect of unit test "${name}"`);
    checkFormat(yaml, expect);
    spec.expectRows = readRows(yaml, expect, name);
  }
  const overrides = yaml.plain(yaml.get(map, 'overrides')) as Record<string, unknown> | undefined;
  if (overrides !== undefined) {
    const macros = (overrides as { macros?: Record<string, unknown> } | null)?.macros;
    const valid =
      typeof overrides === 'object' &&
      overrides !== null &&
      Object.keys(overrides).every((key) => key === 'macros') &&
      typeof macros === 'object' &&
      macros !== null &&
      Object.entries(macros).every(([key, value]) => key === 'is_incremental' && typeof value === 'boolean');
    if (valid) spec.isIncremental = macros?.is_incremental === true;
    else
      yaml.problem(
        yaml.get(map, 'overrides'),
        `unit test "${name}": overrides supports only macros: { is_incremental: true | false }`,
        'Write overrides: { macros: { is_incremental: true } } to test the incremental branch.',
      );
  }
  const config = yaml.plain(yaml.get(map, 'config')) as { tags?: unknown } | undefined;
  if (config?.tags !== undefined) {
    spec.tags =
      readTags(config.tags, (problem, fix) => yaml.problem(yaml.get(map, 'config'), problem, fix)) ?? [];
  }
  return spec;
}

function readRows(yaml: YamlFile, map: YAMLMap, name: string): FixtureRow[] {
  const rows: FixtureRow[] = [];
  for (const rowNode of yaml.asList(yaml.get(map, 'rows'), `the rows of unit test "${name}"`)) {
    const row = yaml.plain(rowNode);
    if (typeof row === 'object' && row !== null && !Array.isArray(row)) {
      const bad = Object.entries(row).find(([, value]) => typeof value === 'object' && value !== null);
      if (bad) {
        yaml.problem(
          rowNode,
          `unit test "${name}": the value of "${bad[0]}" must be a single value`,
          'Write { column: value } rows.',
        );
      } else rows.push(row as FixtureRow);
    } else {
      yaml.problem(
        rowNode,
        `unit test "${name}": a row must be a mapping`,
        'Write rows: [{ order_id: o1, amount: 10 }].',
      );
    }
  }
  return rows;
}

function checkFormat(yaml: YamlFile, map: YAMLMap): void {
  const format = yaml.get(map, 'format');
  if (format !== undefined && !(isScalar(format) && format.value === 'dict')) {
    yaml.problem(
      format,
      'only format: dict (rows as mappings) is supported',
      'Write the rows as [{ column: value }].',
    );
  }
}
