import type { Node, YAMLMap } from 'yaml';
import type { CompileProblem } from './compile-error';
import type { ColumnDoc } from './compiled-project';
import {
  DBT_COLUMN_KEYS,
  DBT_IGNORED_TOP_KEYS,
  DBT_MODEL_KEYS,
  DBT_SOURCE_KEYS,
  DBT_TABLE_KEYS,
} from './dbt-yaml-keys';
import type { GenericTestDefinition } from './generic-tests';
import { type ModelConfigLayer, readModelConfig, readTags } from './model-config';
import type { SourceFile } from './project-files';
import { readTestSpec, type TestSpec } from './test-spec';
import { readUnitTestSpec, type UnitTestSpec } from './unit-test-spec';
import { YamlFile } from './yaml-file';

/** A model as described in YAML (its .sql file is found by name). */
export interface ModelSpec {
  name: string;
  description?: string;
  config: ModelConfigLayer;
  columns: ColumnDoc[];
  tests: TestSpec[];
  file: string;
  line: number;
}

export interface SourceTableSpec {
  sourceName: string;
  name: string;
  schema: string;
  identifier: string;
  description?: string;
  columns: ColumnDoc[];
  tests: TestSpec[];
  file: string;
  path: string;
  line: number;
}

/** A seed as described in YAML (its CSV is found by name). */
export interface SeedSpec {
  name: string;
  description?: string;
  schema?: string;
  tags: string[];
  /** `config: { column_types: { region: text, opened_year: integer } }` */
  columnTypes: Record<string, string>;
  columns: ColumnDoc[];
  tests: TestSpec[];
  file: string;
  line: number;
}

export interface SchemaYaml {
  models: ModelSpec[];
  sources: SourceTableSpec[];
  seeds: SeedSpec[];
  unitTests: UnitTestSpec[];
  /** dbt keys read but not implemented here: one informational line each. */
  notes: string[];
}

// semantic_models and metrics are read by src/metrics (the metrics layer); snapshots by src/snapshots.
const TOP_KEYS = [
  'version',
  'models',
  'sources',
  'seeds',
  'unit_tests',
  'semantic_models',
  'metrics',
  'snapshots',
  ...DBT_IGNORED_TOP_KEYS,
];
const SEED_KEYS = ['name', 'description', 'config', 'data_tests', 'tests', 'columns'];
const SEED_CONFIG_KEYS = ['column_types', 'schema', 'tags'];
/** A SQL type name as a column_types / data_type value: words, digits, parentheses, commas. */
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_ ]*(\(\s*\d+(\s*,\s*\d+)?\s*\))?(\[\])?$/;
const MODEL_KEYS = ['name', 'description', 'config', 'data_tests', 'tests', 'columns', ...DBT_MODEL_KEYS];
const COLUMN_KEYS = ['name', 'description', 'data_tests', 'tests', 'data_type', 'quote', ...DBT_COLUMN_KEYS];
// loaded_at_field and freshness are read by src/freshness (dbt's source freshness).
const SOURCE_KEYS = [
  'name',
  'schema',
  'description',
  'tables',
  'database',
  'loaded_at_field',
  'freshness',
  ...DBT_SOURCE_KEYS,
];
const TABLE_KEYS = [
  'name',
  'identifier',
  'description',
  'columns',
  'data_tests',
  'tests',
  'loaded_at_field',
  'freshness',
  ...DBT_TABLE_KEYS,
];

/** Reads the `models:` and `sources:` declarations of one YAML file, reporting what is wrong. */
export function readSchemaYaml(
  source: SourceFile,
  problems: CompileProblem[],
  /** A dbt project's own and its installed packages' generic tests (dbt-generic-tests.ts). */
  genericTests?: Record<string, GenericTestDefinition>,
): SchemaYaml {
  const result: SchemaYaml = { models: [], sources: [], seeds: [], unitTests: [], notes: [] };
  const yaml = new YamlFile(source, problems);
  yaml.genericTests = genericTests;
  if (yaml.root === undefined) return result;
  const root = yaml.asMap(yaml.root, 'a models/sources YAML file');
  if (!root) return result;
  yaml.checkKeys(root, TOP_KEYS, 'at the top of the file');
  for (const { key, node } of yaml.keys(root)) {
    if (DBT_IGNORED_TOP_KEYS.includes(key))
      result.notes.push(`${yaml.file}:${yaml.line(node)}: ${key} are not implemented here (ignored)`);
  }
  for (const node of yaml.asList(yaml.get(root, 'models'), 'models')) {
    const model = readModel(yaml, node);
    if (model) result.models.push(model);
  }
  for (const node of yaml.asList(yaml.get(root, 'sources'), 'sources')) {
    result.sources.push(...readSource(yaml, node));
  }
  for (const node of yaml.asList(yaml.get(root, 'seeds'), 'seeds')) {
    const seed = readSeed(yaml, node);
    if (seed) result.seeds.push(seed);
  }
  for (const node of yaml.asList(yaml.get(root, 'unit_tests'), 'unit_tests')) {
    const unitTest = readUnitTestSpec(yaml, node);
    if (unitTest) result.unitTests.push(unitTest);
  }
  return result;
}

function readSeed(yaml: YamlFile, node: Node): SeedSpec | undefined {
  const map = yaml.asMap(node, 'a seed entry');
  if (!map) return undefined;
  const name = yaml.requiredName(map, 'seed entry');
  if (!name) return undefined;
  yaml.checkKeys(map, SEED_KEYS, `in seed "${name}"`);
  const seed: SeedSpec = {
    name,
    description: yaml.asString(yaml.get(map, 'description'), 'description'),
    tags: [],
    columnTypes: {},
    columns: [],
    tests: [],
    file: yaml.file,
    line: yaml.line(map),
  };
  const configNode = yaml.get(map, 'config');
  const config =
    configNode === undefined ? undefined : yaml.asMap(configNode, `the config of seed "${name}"`);
  if (config) {
    yaml.checkKeys(config, SEED_CONFIG_KEYS, `in the config of seed "${name}"`);
    seed.schema = yaml.asString(yaml.get(config, 'schema'), 'schema');
    const tags = yaml.get(config, 'tags');
    if (tags !== undefined)
      seed.tags = readTags(yaml.plain(tags), (problem, fix) => yaml.problem(tags, problem, fix)) ?? [];
    const types = yaml.get(config, 'column_types');
    const typesMap = types === undefined ? undefined : yaml.asMap(types, 'column_types');
    for (const { key, node: keyNode } of typesMap ? yaml.keys(typesMap) : []) {
      const type = yaml.asString(typesMap && yaml.get(typesMap, key), `the type of column "${key}"`);
      if (type !== undefined && TYPE_NAME.test(type.trim())) seed.columnTypes[key] = type.trim();
      else if (type !== undefined)
        yaml.problem(
          keyNode,
          `seed "${name}": column type ${JSON.stringify(type)} of "${key}" is not a SQL type name`,
          'Write a type such as text, integer, numeric(12, 2), date, boolean.',
        );
    }
  }
  const { columns, tests } = readColumns(yaml, yaml.get(map, 'columns'), name);
  seed.columns = columns;
  seed.tests = [...readTests(yaml, map, undefined), ...tests];
  return seed;
}

function readModel(yaml: YamlFile, node: Node): ModelSpec | undefined {
  const map = yaml.asMap(node, 'a model entry');
  if (!map) return undefined;
  const name = yaml.requiredName(map, 'model entry');
  if (!name) return undefined;
  yaml.checkKeys(map, MODEL_KEYS, `in model "${name}"`);
  const configNode = yaml.get(map, 'config');
  let config: ModelConfigLayer = {};
  if (configNode !== undefined) {
    const configMap = yaml.asMap(configNode, `the config of model "${name}"`);
    if (configMap) {
      config = readModelConfig(yaml.plain(configMap) as Record<string, unknown>, (problem, fix) =>
        yaml.problem(configMap, `model "${name}": ${problem}`, fix),
      );
    }
  }
  const { columns, tests } = readColumns(yaml, yaml.get(map, 'columns'), name);
  return {
    name,
    description: yaml.asString(yaml.get(map, 'description'), 'description'),
    config,
    columns,
    tests: [...readTests(yaml, map, undefined), ...tests],
    file: yaml.file,
    line: yaml.line(map),
  };
}

function readSource(yaml: YamlFile, node: Node): SourceTableSpec[] {
  const map = yaml.asMap(node, 'a source entry');
  if (!map) return [];
  const sourceName = yaml.requiredName(map, 'source entry');
  if (!sourceName) return [];
  yaml.checkKeys(map, SOURCE_KEYS, `in source "${sourceName}"`);
  const schema = yaml.asString(yaml.get(map, 'schema'), 'schema') ?? sourceName;
  const tables: SourceTableSpec[] = [];
  for (const tableNode of yaml.asList(yaml.get(map, 'tables'), `the tables of source "${sourceName}"`)) {
    const table = yaml.asMap(tableNode, 'a source table entry');
    if (!table) continue;
    const name = yaml.requiredName(table, `table entry in source "${sourceName}"`);
    if (!name) continue;
    yaml.checkKeys(table, TABLE_KEYS, `in source table "${sourceName}.${name}"`);
    const { columns, tests } = readColumns(yaml, yaml.get(table, 'columns'), `${sourceName}.${name}`);
    tables.push({
      sourceName,
      name,
      schema,
      identifier: yaml.asString(yaml.get(table, 'identifier'), 'identifier') ?? name,
      description: yaml.asString(yaml.get(table, 'description'), 'description'),
      columns,
      tests: [...readTests(yaml, table, undefined), ...tests],
      file: yaml.file,
      path: yaml.source.path,
      line: yaml.line(table),
    });
  }
  return tables;
}

function readColumns(yaml: YamlFile, node: Node | undefined, owner: string) {
  const columns: ColumnDoc[] = [];
  const tests: TestSpec[] = [];
  const seen = new Set<string>();
  for (const columnNode of yaml.asList(node, `the columns of "${owner}"`)) {
    const map = yaml.asMap(columnNode, 'a column entry');
    if (!map) continue;
    const name = yaml.requiredName(map, `column entry in "${owner}"`);
    if (!name) continue;
    yaml.checkKeys(map, COLUMN_KEYS, `in column "${owner}.${name}"`);
    if (seen.has(name)) {
      yaml.problem(
        map,
        `column "${name}" of "${owner}" is described twice`,
        'Merge the two entries into one.',
      );
    }
    seen.add(name);
    const description = yaml.asString(yaml.get(map, 'description'), 'description');
    const dataTypeNode = yaml.get(map, 'data_type');
    const dataType = yaml.asString(dataTypeNode, 'data_type')?.trim();
    if (dataType !== undefined && !TYPE_NAME.test(dataType)) {
      yaml.problem(
        dataTypeNode,
        `data_type ${JSON.stringify(dataType)} is not a SQL type name`,
        'Write a type such as text, integer, numeric(12, 2), date.',
      );
    }
    columns.push({
      name,
      ...(description === undefined ? {} : { description }),
      ...(dataType === undefined || !TYPE_NAME.test(dataType) ? {} : { dataType }),
    });
    tests.push(...readTests(yaml, map, name));
  }
  return { columns, tests };
}

function readTests(yaml: YamlFile, map: YAMLMap, columnName: string | undefined): TestSpec[] {
  const both = yaml.get(map, 'data_tests') !== undefined && yaml.get(map, 'tests') !== undefined;
  if (both) {
    yaml.problem(
      map,
      'both data_tests: and tests: are given',
      'Keep one list (tests: is an alias of data_tests:).',
    );
  }
  const list = yaml.get(map, 'data_tests') ?? yaml.get(map, 'tests');
  return yaml
    .asList(list, 'data_tests')
    .map((node) => readTestSpec(yaml, node, columnName))
    .filter((spec): spec is TestSpec => spec !== undefined);
}
