import { isMap, type Node, type YAMLMap } from 'yaml';
import { CompileError, type CompileProblem, sortProblems } from '../models/compile-error';
import type { SourceFile } from '../models/project-files';
import { YamlFile } from '../models/yaml-file';
import { checkSemanticLayer } from './check-semantic-layer';
import { readMetric, requireName } from './read-metric';
import {
  AGGREGATIONS,
  type Aggregation,
  type Dimension,
  type Entity,
  type EntityType,
  type Measure,
  type SemanticLayer,
  type SemanticModel,
  TIME_GRAINS,
  type TimeGrain,
} from './semantic-layer';

const ENTITY_TYPES: readonly EntityType[] = ['primary', 'unique', 'foreign', 'natural'];
const REF = /^\s*ref\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\)\s*$/;

/**
 * Reads `semantic_models:` and `metrics:` from the project's YAML files (the other keys belong to
 * the model reader) and checks that every reference resolves. Throws a CompileError naming each
 * file and line that is wrong.
 */
export function readSemanticLayer(files: readonly SourceFile[]): SemanticLayer {
  const problems: CompileProblem[] = [];
  const layer: SemanticLayer = { semanticModels: [], metrics: [] };
  for (const source of files) {
    if (!/^\s*(semantic_models|metrics)\s*:/m.test(source.text)) continue;
    const yaml = new YamlFile(source, problems);
    if (!isMap(yaml.root)) continue;
    for (const node of yaml.asList(yaml.get(yaml.root, 'semantic_models'), 'semantic_models')) {
      const model = readSemanticModel(yaml, node);
      if (model) layer.semanticModels.push(model);
    }
    for (const node of yaml.asList(yaml.get(yaml.root, 'metrics'), 'metrics')) {
      const metric = readMetric(yaml, node);
      if (metric) layer.metrics.push(metric);
    }
  }
  problems.push(...checkSemanticLayer(layer));
  if (problems.length > 0) throw new CompileError(sortProblems(problems));
  return layer;
}

function readSemanticModel(yaml: YamlFile, node: Node): SemanticModel | undefined {
  const map = yaml.asMap(node, 'a semantic model');
  if (!map) return undefined;
  const name = requireName(yaml, map, 'semantic model');
  const modelText = yaml.asString(yaml.get(map, 'model'), `the model of semantic model "${name}"`);
  // The model's name: REF's one group, always there when it matches.
  const ref = modelText === undefined ? undefined : REF.exec(modelText)?.[1];
  if (!name) return undefined;
  const defaults = yaml.get(map, 'defaults');
  const defaultAgg = isMap(defaults)
    ? yaml.asString(yaml.get(defaults, 'agg_time_dimension'), 'agg_time_dimension')
    : undefined;
  const list = <T>(key: string, read: (item: YAMLMap, itemName: string) => T | undefined): T[] =>
    yaml.asList(yaml.get(map, key), `${key} of "${name}"`).flatMap((item) => {
      const itemMap = yaml.asMap(item, `an item of ${key} in "${name}"`);
      const itemName = itemMap && requireName(yaml, itemMap, `${key} item of "${name}"`);
      const value = itemMap && itemName ? read(itemMap, itemName) : undefined;
      return value ? [value] : [];
    });
  // Read everything first, so one pass reports every problem of the model.
  const entities = list('entities', (item, itemName) => readEntity(yaml, item, itemName));
  const dimensions = list('dimensions', (item, itemName) => readDimension(yaml, item, itemName));
  const measures = list('measures', (item, itemName) => readMeasure(yaml, item, itemName));
  if (!ref) {
    return yaml.problem(
      yaml.get(map, 'model') ?? map,
      `semantic model "${name}" needs model: ref('<model name>')`,
      `Write e.g. model: ref('fct_orders') under the semantic model "${name}".`,
    );
  }
  return {
    name,
    model: ref,
    defaultAggTimeDimension: defaultAgg,
    description: yaml.asString(yaml.get(map, 'description'), 'description')?.trim(),
    declaredAt: { file: yaml.file, line: yaml.line(map) },
    entities,
    dimensions,
    measures,
  };
}

function oneOf<T extends string>(
  yaml: YamlFile,
  map: YAMLMap,
  key: string,
  allowed: readonly T[],
  what: string,
): T | undefined {
  const value = yaml.asString(yaml.get(map, key), `${key} of ${what}`);
  if (value !== undefined && allowed.includes(value as T)) return value as T;
  return yaml.problem(
    yaml.get(map, key) ?? map,
    `${what} has ${key}: ${JSON.stringify(value ?? null)}`,
    `Use one of: ${allowed.join(', ')}.`,
  );
}

function readEntity(yaml: YamlFile, map: YAMLMap, name: string): Entity | undefined {
  const type = oneOf(yaml, map, 'type', ENTITY_TYPES, `entity "${name}"`);
  const expr = yaml.asString(yaml.get(map, 'expr'), `expr of entity "${name}"`) ?? name;
  return type && { name, type, expr };
}

function readDimension(yaml: YamlFile, map: YAMLMap, name: string): Dimension | undefined {
  const type = oneOf(yaml, map, 'type', ['categorical', 'time'] as const, `dimension "${name}"`);
  const expr = yaml.asString(yaml.get(map, 'expr'), `expr of dimension "${name}"`) ?? name;
  const description = yaml.asString(yaml.get(map, 'description'), 'description')?.trim();
  if (type !== 'time') return type && { name, type, expr, description };
  const params = yaml.get(map, 'type_params');
  const grain = isMap(params)
    ? oneOf(yaml, params, 'time_granularity', TIME_GRAINS, `time dimension "${name}"`)
    : yaml.problem(
        map,
        `time dimension "${name}" has no type_params.time_granularity`,
        `Add type_params: { time_granularity: day } (the finest grain of the column).`,
      );
  return grain && { name, type, expr, grain: grain as TimeGrain, description };
}

function readMeasure(yaml: YamlFile, map: YAMLMap, name: string): Measure | undefined {
  const agg = oneOf(yaml, map, 'agg', AGGREGATIONS, `measure "${name}"`) as Aggregation | undefined;
  const expr = yaml.asString(yaml.get(map, 'expr'), `expr of measure "${name}"`) ?? name;
  const measure: Measure | undefined = agg && {
    name,
    agg,
    expr,
    aggTimeDimension: yaml.asString(yaml.get(map, 'agg_time_dimension'), 'agg_time_dimension'),
    description: yaml.asString(yaml.get(map, 'description'), 'description')?.trim(),
  };
  if (!measure || agg !== 'percentile') return measure;
  const params = yaml.get(map, 'agg_params');
  const percentile = isMap(params) ? Number(yaml.plain(yaml.get(params, 'percentile'))) : Number.NaN;
  if (!(percentile >= 0 && percentile <= 1)) {
    return yaml.problem(
      params ?? map,
      `percentile measure "${name}" needs agg_params.percentile between 0 and 1`,
      'Write agg_params: { percentile: 0.9 } (and use_discrete_percentile: true for an observed value).',
    );
  }
  const discrete = isMap(params) && yaml.plain(yaml.get(params, 'use_discrete_percentile')) === true;
  return { ...measure, percentile, discrete };
}
