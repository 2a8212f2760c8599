import type { CompiledProject, ModelNode } from '../models';
import type { Profile } from '../profile';
import { columnLineage } from './column-lineage';
import { modelKeys } from './model-keys';
import type { WarehouseCatalog } from './read-catalog';
import type {
  ColumnRole,
  DesignColumn,
  DesignEntity,
  DesignRelationship,
  DesignSource,
  EntityKind,
  SchemaDesign,
} from './schema-design';

export type DesignOptions = {
  /** The built warehouse's catalog: its columns and types win over the YAML's. */
  catalog?: WarehouseCatalog;
  /** A profile of schema raw: row counts and keys found for the sources. */
  profile?: Profile;
  /** The layer holding the star schema (default `marts`). */
  layer?: string;
};

const NUMERIC = /^(numeric|integer|bigint|smallint|double precision|real|decimal)/;
const LAYER_ORDER = ['staging', 'intermediate', 'marts'];

/**
 * The star schema as the project builds it: every model of the marts layer is a fact (`fct_`, or
 * a model with foreign keys to other marts) or a dimension, with its grain (the description's
 * `grain:`), keys and foreign keys (from the data tests), measures (money columns — described in
 * dollars — and counts), columns (the catalog's when given, else the YAML's) and the raw columns
 * each one comes from.
 */
export function designSchema(project: CompiledProject, options: DesignOptions = {}): SchemaDesign {
  const layer = options.layer ?? 'marts';
  const catalog = options.catalog;
  const marts = project.models.filter((m) => m.layer === layer).sort((a, b) => a.name.localeCompare(b.name));
  if (marts.length === 0) {
    throw new Error(
      `The project in ${project.dir} has no models in ${layer}/: nothing to design. The star schema is read from the models under sql/${layer}/.`,
    );
  }
  const nodeKey = new Map<string, string>();
  for (const node of [...project.models, ...project.sources])
    nodeKey.set(node.uniqueId, `${node.schema}.${node.name}`);
  for (const source of project.sources) nodeKey.set(source.uniqueId, `${source.schema}.${source.identifier}`);
  const yamlColumns = new Map<string, string[]>(
    [...project.models, ...project.sources].map((n) => [n.uniqueId, n.columns.map((c) => c.name)]),
  );
  const columnsOf = (id: string): string[] => {
    const built = catalog?.columns.get(nodeKey.get(id) ?? '');
    return built ? built.map((c) => c.name) : (yamlColumns.get(id) ?? []);
  };
  const lineage = columnLineage(project, columnsOf);
  const drift: string[] = [];
  const entities = marts.map((model) => designEntity(project, model, { catalog, columnsOf, lineage, drift }));
  const names = new Set(entities.map((e) => e.name));
  const relationships: DesignRelationship[] = entities.flatMap((entity) =>
    entity.foreignKeys
      .filter((fk) => names.has(fk.references))
      .map((fk) => ({
        from: entity.name,
        fromColumn: fk.column,
        to: fk.references,
        toColumn: fk.referencedColumn,
        cardinality: 'N:1' as const,
        test: relationshipTest(project, entity.name, fk.column),
      })),
  );
  const columnsFrom =
    catalog && marts.every((m) => catalog.columns.has(`${m.schema}.${m.name}`)) ? 'catalog' : 'yaml';
  return {
    project: project.name,
    generatedAt: new Date().toISOString(),
    columnsFrom,
    entities,
    relationships,
    sources: designSources(project, entities, options.profile, columnsOf),
    drift,
  };
}

type EntityContext = {
  catalog?: WarehouseCatalog;
  columnsOf: (id: string) => string[];
  lineage: (id: string, column: string) => string[];
  drift: string[];
};

function designEntity(project: CompiledProject, model: ModelNode, context: EntityContext): DesignEntity {
  const key = `${model.schema}.${model.name}`;
  const built = context.catalog?.columns.get(key);
  const documented = new Map(model.columns.map((c) => [c.name, c.description ?? '']));
  if (context.catalog) checkDrift(model, built, documented, context.drift);
  const columnList = built ?? model.columns.map((c) => ({ name: c.name, type: undefined }));
  const tests = project.tests.filter((t) => t.attachedTo === model.uniqueId);
  const keys = modelKeys(
    columnList.map((c) => c.name),
    tests,
  );
  const foreign = new Set(keys.foreignKeys.map((fk) => fk.column));
  const columns: DesignColumn[] = columnList.map((column) => {
    const description = documented.get(column.name) ?? '';
    const role: ColumnRole = keys.primaryKey.includes(column.name)
      ? 'key'
      : foreign.has(column.name)
        ? 'foreign_key'
        : isMeasure(column.name, description, column.type)
          ? 'measure'
          : 'attribute';
    return {
      name: column.name,
      ...(column.type ? { type: column.type } : {}),
      role,
      description,
      lineage: context.lineage(model.uniqueId, column.name),
    };
  });
  const kind: EntityKind =
    model.name.startsWith('fct_') || (!model.name.startsWith('dim_') && keys.foreignKeys.length > 0)
      ? 'fact'
      : 'dimension';
  const ancestors = ancestorsOf(project, model);
  return {
    name: model.name,
    kind,
    relation: model.relation,
    description: (model.description ?? '').trim(),
    grain: grainOf(model.description, keys.primaryKey),
    primaryKey: keys.primaryKey,
    foreignKeys: keys.foreignKeys.map(({ column, references, referencedColumn }) => ({
      column,
      references,
      referencedColumn,
    })),
    measures: columns.filter((c) => c.role === 'measure').map((c) => c.name),
    columns,
    sources: ancestors.sources,
    upstream: ancestors.models,
    ...(context.catalog?.rows.has(key) ? { rows: context.catalog.rows.get(key) } : {}),
  };
}

/** Money (described in dollars) and counts are measures; a typed column must also be numeric. */
function isMeasure(name: string, description: string, type: string | undefined): boolean {
  if (type !== undefined && !NUMERIC.test(type)) return false;
  return /\bdollars\b/i.test(description) || /(_count$|^number_of_)/.test(name);
}

function grainOf(description: string | undefined, primaryKey: readonly string[]): string {
  const stated = /grain:\s*([^.]+)\./i.exec(description ?? '')?.[1];
  if (stated) return stated.replace(/\s+/g, ' ').trim();
  return primaryKey.length > 0 ? `one row per ${primaryKey.join(', ')}` : 'not stated';
}

function checkDrift(
  model: ModelNode,
  built: readonly { name: string }[] | undefined,
  documented: ReadonlyMap<string, string>,
  drift: string[],
): void {
  if (!built) {
    drift.push(
      `${model.relation} is not in the warehouse: build it (etl-workbook build) to read its columns from the catalog; they come from ${model.declaredAt?.file ?? 'the YAML'} meanwhile.`,
    );
    return;
  }
  const names = new Set(built.map((c) => c.name));
  const where = model.declaredAt ? `${model.declaredAt.file}:${model.declaredAt.line}` : model.file;
  for (const name of documented.keys()) {
    if (!names.has(name))
      drift.push(`${model.name}.${name} is documented (${where}) but the built table has no such column.`);
  }
  for (const name of names) {
    if (!documented.has(name)) drift.push(`${model.name}.${name} is built but not documented in ${where}.`);
  }
}

function ancestorsOf(project: CompiledProject, model: ModelNode): { sources: string[]; models: string[] } {
  const byId = new Map<string, ModelNode>(project.models.map((m) => [m.uniqueId, m]));
  const sources = new Set<string>();
  const models = new Map<string, ModelNode>();
  const visit = (ids: readonly string[]) => {
    for (const id of ids) {
      const parent = byId.get(id);
      if (parent) {
        if (models.has(id)) continue;
        models.set(id, parent);
        visit(parent.dependsOn);
      } else {
        const source = project.sources.find((s) => s.uniqueId === id);
        if (source) sources.add(source.name);
      }
    }
  };
  visit(model.dependsOn);
  const rank = (m: ModelNode) => {
    const index = LAYER_ORDER.indexOf(m.layer);
    return index === -1 ? LAYER_ORDER.length : index;
  };
  return {
    sources: [...sources].sort(),
    models: [...models.values()]
      .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
      .map((m) => m.name),
  };
}

function relationshipTest(project: CompiledProject, model: string, column: string): string {
  const test = project.tests.find(
    (t) => t.testName === 'relationships' && t.attachedTo === `model.${model}` && t.columnName === column,
  );
  return test?.name ?? '';
}

function designSources(
  project: CompiledProject,
  entities: readonly DesignEntity[],
  profile: Profile | undefined,
  columnsOf: (id: string) => string[],
): DesignSource[] {
  return project.sources.map((source) => {
    const profiled = profile?.tables.find((t) => t.name === source.identifier);
    return {
      table: source.name,
      description: (source.description ?? '').trim(),
      columns: columnsOf(source.uniqueId),
      feeds: entities.filter((e) => e.sources.includes(source.name)).map((e) => e.name),
      ...(profiled
        ? { rows: profiled.rows, candidateKeys: profiled.candidateKeys.map((k) => k.columns) }
        : {}),
    };
  });
}
