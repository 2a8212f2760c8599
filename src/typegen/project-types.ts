import type { KpiColumnType, KpiShape, KpiSpec } from '../kpis/kpi-spec';
import type { SemanticLayer, SemanticModel } from '../metrics/semantic-layer';
import { TIME_GRAINS } from '../metrics/semantic-layer';
import type { CompiledProject, ModelNode } from '../models/compiled-project';
import type { Catalog } from '../warehouse/introspector';
import { pascalCase, tsTypeOf } from './sql-to-ts';

/** One property of a generated row type. */
export interface TypedColumn {
  name: string;
  /** A TypeScript type: `string`, `number`, `boolean`, `Date` or `unknown`. */
  type: string;
  nullable: boolean;
  description?: string;
}

/** A mart or a KPI's row as an interface. */
export interface TypedRelation {
  name: string;
  typeName: string;
  description?: string;
  columns: TypedColumn[];
}

export interface TypedMart extends TypedRelation {
  /** Where the columns came from: the built warehouse's catalog, or the YAML (not built yet). */
  columnsFrom: 'catalog' | 'yaml';
}

export interface TypedKpi extends TypedRelation {
  shape: KpiShape;
}

/** Everything `etl-workbook types` writes, as plain data (render-types.ts prints it). */
export interface ProjectTypes {
  project: string;
  marts: TypedMart[];
  kpis: TypedKpi[];
  metrics: { name: string; description?: string }[];
  /** Every name a metric query may group by, with the type of its values. */
  groupBy: { name: string; type: string }[];
}

/**
 * The types of a project's marts (from `catalog` for the marts it holds, else the YAML's
 * `data_type:`), of its KPIs' rows (kpis.yml) and of its metric queries (the semantic layer).
 */
export function projectTypes(
  project: CompiledProject,
  kpis: readonly KpiSpec[],
  layer: SemanticLayer,
  catalog?: Catalog,
): ProjectTypes {
  const marts = project.models.filter(
    (model) => model.layer === 'marts' && model.materialized !== 'ephemeral',
  );
  return {
    project: project.name,
    marts: marts.map((model) => martTypes(project, model, catalog)),
    kpis: kpis.map((spec) => ({
      name: spec.name,
      typeName: `${pascalCase(spec.name)}Row`,
      description: spec.description,
      shape: spec.shape,
      columns: spec.columns.map((column) => ({
        name: column.name,
        type: KPI_TYPES[column.type],
        nullable: true,
      })),
    })),
    metrics: layer.metrics.map((metric) => ({ name: metric.name, description: metric.description })),
    groupBy: groupByNames(layer, project, catalog),
  };
}

// kpis.json's values: text as strings; integers, money and ratios as numbers (kpi-values.ts).
const KPI_TYPES: Record<KpiColumnType, string> = {
  text: 'string',
  integer: 'number',
  money: 'number',
  ratio: 'number',
};

function martTypes(project: CompiledProject, model: ModelNode, catalog?: Catalog): TypedMart {
  const built = catalog?.get(`${model.schema}.${model.name}`);
  const docs = new Map(model.columns.map((column) => [column.name, column]));
  const notNull = new Set(
    project.tests
      .filter((test) => test.testName === 'not_null' && test.attachedTo === model.uniqueId)
      .map((test) => test.columnName),
  );
  const columns = built
    ? built.map((column) => ({ name: column.name, sqlType: column.type }))
    : model.columns.map((column) => ({ name: column.name, sqlType: column.dataType }));
  return {
    name: model.name,
    typeName: pascalCase(model.name),
    description: model.description,
    columnsFrom: built ? 'catalog' : 'yaml',
    columns: columns.map((column) => ({
      name: column.name,
      type: tsTypeOf(column.sqlType, 'rows'),
      nullable: !notNull.has(column.name),
      description: docs.get(column.name)?.description,
    })),
  };
}

/**
 * The group-by names MetricFlow's rules allow (resolve-name.ts): metric_time[__grain]; each
 * dimension bare and as <entity>__<dimension> through an entity that keys its model; time
 * dimensions with __<grain>; entities bare. Time values come back as 'YYYY-MM-DD' text, the others
 * as the driver reads the column (a name reachable from several models takes the union).
 */
function groupByNames(
  layer: SemanticLayer,
  project: CompiledProject,
  catalog?: Catalog,
): { name: string; type: string }[] {
  const types = new Map<string, Set<string>>();
  const add = (name: string, type: string) => types.set(name, (types.get(name) ?? new Set()).add(type));
  const timed = (name: string) => {
    add(name, 'string');
    for (const grain of TIME_GRAINS) add(`${name}__${grain}`, 'string');
  };
  timed('metric_time');
  for (const model of layer.semanticModels) {
    const keys = model.entities.filter((entity) => entity.type !== 'foreign').map((entity) => entity.name);
    for (const dimension of model.dimensions) {
      const names = [dimension.name, ...keys.map((key) => `${key}__${dimension.name}`)];
      if (dimension.type === 'time') names.forEach(timed);
      else for (const name of names) add(name, columnType(project, model, dimension.expr, catalog));
    }
    for (const entity of model.entities) add(entity.name, columnType(project, model, entity.expr, catalog));
  }
  return [...types]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, set]) => ({ name, type: [...set].sort().join(' | ') }));
}

/** The driver's type of a semantic model's column expression; an expression other than a column is unknown. */
function columnType(project: CompiledProject, model: SemanticModel, expr: string, catalog?: Catalog): string {
  const node = project.models.find((candidate) => candidate.name === model.model);
  if (!node) return 'unknown';
  const built = catalog?.get(`${node.schema}.${node.name}`)?.find((column) => column.name === expr);
  const declared = node.columns.find((column) => column.name === expr)?.dataType;
  const type = tsTypeOf(built?.type ?? declared, 'driver');
  return type === 'unknown' ? 'string | number | boolean' : type;
}
