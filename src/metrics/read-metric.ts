import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { at } from '../common/at';
import type { YamlFile } from '../models/yaml-file';
import { type Metric, type MetricInput, TIME_GRAINS, type TimeGrain } from './semantic-layer';

const METRIC_TYPES = ['simple', 'ratio', 'derived', 'cumulative'] as const;
const WINDOW = /^\s*(\d+)\s+(day|week|month|quarter|year)s?\s*$/;

/** One entry of `metrics:` (dbt's spec: type + type_params), or undefined after a reported problem. */
export function readMetric(yaml: YamlFile, node: Node): Metric | undefined {
  const map = yaml.asMap(node, 'a metric');
  const name = map && requireName(yaml, map, 'metric');
  if (!map || !name) return undefined;
  const type = yaml.asString(yaml.get(map, 'type'), `type of metric "${name}"`);
  const params = yaml.get(map, 'type_params');
  if (!METRIC_TYPES.includes(type as (typeof METRIC_TYPES)[number]) || !isMap(params)) {
    return yaml.problem(
      yaml.get(map, 'type') ?? map,
      `metric "${name}" needs type: ${METRIC_TYPES.join(' | ')} and a type_params mapping`,
      'See the metrics section of sql/README.md for the supported spec.',
    );
  }
  const base = {
    name,
    label: yaml.asString(yaml.get(map, 'label'), 'label'),
    description: yaml.asString(yaml.get(map, 'description'), 'description')?.trim(),
    filter: yaml.asString(yaml.get(map, 'filter'), `filter of metric "${name}"`),
    declaredAt: { file: yaml.file, line: yaml.line(map) },
  };
  const what = `metric "${name}"`;
  if (type === 'simple') {
    const measure = readInput(yaml, yaml.get(params, 'measure'), `the measure of ${what}`);
    if (!measure) return undefined;
    return { ...base, type, measure: measure.name, filter: joinFilters(base.filter, measure.filter) };
  }
  if (type === 'ratio') {
    const numerator = readInput(yaml, yaml.get(params, 'numerator'), `the numerator of ${what}`);
    const denominator = readInput(yaml, yaml.get(params, 'denominator'), `the denominator of ${what}`);
    return numerator && denominator ? { ...base, type, numerator, denominator } : undefined;
  }
  if (type === 'derived') {
    const expr = yaml.asString(yaml.get(params, 'expr'), `the expr of ${what}`);
    const inputs = yaml
      .asList(yaml.get(params, 'metrics'), `the metrics of ${what}`)
      .map((item) => readInput(yaml, item, `an input of ${what}`));
    if (!expr)
      return yaml.problem(params, `${what} has no type_params.expr`, 'Write expr: a - b over its metrics.');
    return inputs.every((input) => input)
      ? { ...base, type, expr, inputs: inputs as MetricInput[] }
      : undefined;
  }
  return readCumulative(yaml, params, base);
}

function readCumulative(
  yaml: YamlFile,
  params: YAMLMap,
  base: Omit<Metric, 'type'> & { name: string },
): Metric | undefined {
  const what = `metric "${base.name}"`;
  const measure = readInput(yaml, yaml.get(params, 'measure'), `the measure of ${what}`);
  const nested = yaml.get(params, 'cumulative_type_params');
  const options = isMap(nested) ? nested : params;
  const windowText = yaml.asString(yaml.get(options, 'window'), `the window of ${what}`);
  const toDate = yaml.asString(yaml.get(options, 'grain_to_date'), `grain_to_date of ${what}`);
  const window = windowText === undefined ? undefined : WINDOW.exec(windowText);
  if (windowText !== undefined && !window) {
    return yaml.problem(
      options,
      `${what} has window: ${JSON.stringify(windowText)}`,
      'Write e.g. window: 7 days.',
    );
  }
  if (toDate !== undefined && !TIME_GRAINS.includes(toDate as TimeGrain)) {
    return yaml.problem(
      options,
      `${what} has grain_to_date: ${toDate}`,
      `Use one of ${TIME_GRAINS.join(', ')}.`,
    );
  }
  if (window && toDate) {
    return yaml.problem(options, `${what} has both a window and grain_to_date`, 'Keep one of them.');
  }
  if (!measure) return undefined;
  return {
    ...base,
    type: 'cumulative',
    measure: measure.name,
    filter: joinFilters(base.filter, measure.filter),
    window: window
      ? {
          count: Number(at(window, 1, 'the window count')),
          grain: at(window, 2, 'the window grain') as TimeGrain,
        }
      : undefined,
    grainToDate: toDate as TimeGrain | undefined,
  };
}

/** `name` or `{ name, alias, filter }`. */
function readInput(yaml: YamlFile, node: Node | undefined, what: string): MetricInput | undefined {
  if (isScalar(node) && typeof node.value === 'string') return { name: node.value };
  if (isMap(node)) {
    const name = yaml.asString(yaml.get(node, 'name'), `the name of ${what}`);
    if (name) {
      return {
        name,
        alias: yaml.asString(yaml.get(node, 'alias'), `the alias of ${what}`),
        filter: yaml.asString(yaml.get(node, 'filter'), `the filter of ${what}`),
      };
    }
  }
  return yaml.problem(node, `${what} is missing`, 'Write its name, or { name: …, filter: … }.');
}

function joinFilters(...filters: Array<string | undefined>): string | undefined {
  const present = filters.filter((filter): filter is string => Boolean(filter));
  return present.length === 0 ? undefined : present.map((filter) => `(${filter})`).join(' and ');
}

export function requireName(yaml: YamlFile, map: YAMLMap, what: string): string | undefined {
  const name = yaml.asString(yaml.get(map, 'name'), `the name of a ${what}`);
  if (name && /^[a-z_][a-z0-9_]*$/.test(name)) return name;
  return yaml.problem(
    yaml.get(map, 'name') ?? map,
    `a ${what} needs a lower_snake_case name, got ${JSON.stringify(name ?? null)}`,
    'Give it name: <lower_snake_case>; group-by names and SQL aliases are built from it.',
  );
}
