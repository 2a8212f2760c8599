import type { CompiledProject, ProjectNode } from '../models/compiled-project';
import type { Catalog } from '../warehouse/introspector';
import type { LastResult, LastRun } from './read-run-results';

export type DocKind = 'model' | 'seed' | 'source' | 'analysis';

export interface DocTest {
  id: string;
  name: string;
  /** `unique`, `not_null`, …, `singular` or `unit`. */
  type: string;
  column?: string;
  severity?: string;
  /** Its result in the last run, when run_results.json has one. */
  result?: LastResult;
}

export interface DocColumn {
  name: string;
  description?: string;
  type?: string;
  /** Where the type comes from: the warehouse's catalog or the YAML. */
  typeFrom?: 'warehouse' | 'yaml';
  /** False for a column the YAML describes but the built relation does not have. */
  inWarehouse?: boolean;
  tests: DocTest[];
}

/** One page of the site: a model, seed, source table or analysis. */
export interface DocPage {
  id: string;
  kind: DocKind;
  name: string;
  /** Path of the page under docs/, e.g. `models/stg_orders.html`. */
  page: string;
  description?: string;
  relation?: string;
  materialized?: string;
  tags: string[];
  file: string;
  /** Layer folder (staging, marts, …) or the source's name. */
  group: string;
  columns: DocColumn[];
  /** Tests attached to the node (column tests included) and singular tests reading it. */
  tests: DocTest[];
  parents: string[];
  children: string[];
  compiledSql?: string;
  rawSql?: string;
  /** True when the catalog has the relation, false when it was read and has not; undefined without a catalog. */
  built?: boolean;
}

export interface DocsSite {
  project: string;
  generatedAt: string;
  /** What the column types came from, for the page footer. */
  typesFrom: string;
  lastRunAt?: string;
  pages: DocPage[];
  /** Lineage edges between pages, `[parent id, child id]`. */
  edges: Array<[string, string]>;
}

export interface DocsSiteInput {
  project: CompiledProject;
  /** Column types from the warehouse; without it, types come from the YAML. */
  catalog?: Catalog;
  lastRun?: LastRun;
  generatedAt?: string;
  /** Safe-to-print description of the warehouse the catalog was read from. */
  warehouse?: string;
}

const FOLDERS: Record<DocKind, string> = {
  model: 'models',
  seed: 'seeds',
  source: 'sources',
  analysis: 'analyses',
};

/** Everything the pages show, collected from the compiled project, the catalog and the last run (pure). */
export function docsSite(input: DocsSiteInput): DocsSite {
  const { project, catalog, lastRun } = input;
  const documented: ProjectNode[] = [
    ...(project.seeds ?? []),
    ...project.sources,
    ...project.models,
    ...project.analyses,
  ];
  const lineage = lineageOf(documented);
  const pages = documented.map((node) => docPage(node, { project, catalog, lastRun, lineage }));
  return {
    project: project.name,
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    typesFrom: catalog
      ? `column types read from the warehouse (${input.warehouse ?? 'information_schema'})`
      : 'column types from the YAML (no warehouse was read)',
    lastRunAt: lastRun?.generatedAt,
    pages,
    edges: lineage.edges,
  };
}

interface Lineage {
  edges: Array<[string, string]>;
  parents: Map<string, string[]>;
  children: Map<string, string[]>;
}

/** The edges between documented nodes (a source has none in), and each node's parents and children. */
function lineageOf(documented: ProjectNode[]): Lineage {
  const ids = new Set(documented.map((node) => node.uniqueId));
  const edges: Array<[string, string]> = [];
  for (const node of documented) {
    if (node.resourceType === 'source') continue;
    for (const parent of node.dependsOn) if (ids.has(parent)) edges.push([parent, node.uniqueId]);
  }
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const [from, to] of edges) {
    push(parents, to, from);
    push(children, from, to);
  }
  return { edges, parents, children };
}

/** The node's data tests (attached, or singular tests that read it) and unit tests, with last results. */
function docTestsOf(id: string, project: CompiledProject, lastRun: LastRun | undefined): DocTest[] {
  const result = (testId: string) => lastRun?.results.get(testId);
  const own = project.tests.filter(
    (test) => test.attachedTo === id || (test.testType === 'singular' && test.dependsOn.includes(id)),
  );
  return [
    ...own.map((test) => ({
      id: test.uniqueId,
      name: test.name,
      type: test.testName ?? test.testType,
      column: test.attachedTo === id ? test.columnName : undefined,
      severity: test.severity,
      result: result(test.uniqueId),
    })),
    ...(project.unitTests ?? [])
      .filter((test) => test.model === id)
      .map((test) => ({ id: test.uniqueId, name: test.name, type: 'unit', result: result(test.uniqueId) })),
  ];
}

function docPage(
  node: ProjectNode,
  context: { project: CompiledProject; catalog?: Catalog; lastRun?: LastRun; lineage: Lineage },
): DocPage {
  const { project, catalog, lastRun, lineage } = context;
  const id = node.uniqueId;
  const kind = node.resourceType as DocKind;
  const docTests = docTestsOf(id, project, lastRun);
  const schema = 'schema' in node ? node.schema : undefined;
  const table = node.resourceType === 'source' ? node.identifier : node.name;
  const materialized = node.resourceType === 'model' ? node.materialized : undefined;
  const readsCatalog = catalog !== undefined && schema !== undefined && materialized !== 'ephemeral';
  const inCatalog = readsCatalog ? catalog.get(`${schema}.${table}`) : undefined;
  const name = node.resourceType === 'source' ? `${node.sourceName}.${node.name}` : node.name;
  const group =
    node.resourceType === 'model'
      ? node.layer
      : node.resourceType === 'source'
        ? node.sourceName
        : FOLDERS[kind];
  return {
    id,
    kind,
    name,
    page: `${FOLDERS[kind]}/${fileName(name)}.html`,
    description: 'description' in node ? node.description : undefined,
    relation: 'relation' in node ? node.relation : undefined,
    materialized: node.resourceType === 'seed' ? 'seed' : materialized,
    tags: 'tags' in node ? node.tags : [],
    file: node.file,
    group,
    columns: columns(node, inCatalog, docTests),
    tests: docTests,
    parents: (lineage.parents.get(id) ?? []).sort(),
    children: (lineage.children.get(id) ?? []).sort(),
    compiledSql: 'compiledSql' in node ? node.compiledSql : undefined,
    rawSql: 'rawSql' in node ? node.rawSql : node.resourceType === 'seed' ? node.csv : undefined,
    built: readsCatalog ? inCatalog !== undefined : undefined,
  };
}

/**
 * The columns to show: the built relation's, in its order, with the YAML's descriptions; then the
 * columns only the YAML describes (flagged when the relation exists without them).
 */
function columns(
  node: ProjectNode,
  inCatalog: Array<{ name: string; type: string }> | undefined,
  tests: DocTest[],
): DocColumn[] {
  const described =
    'columns' in node
      ? (node.columns as Array<{ name: string; description?: string; dataType?: string; type?: string }>)
      : [];
  const byName = new Map(described.map((column) => [column.name.toLowerCase(), column]));
  const testsOf = (name: string) => tests.filter((test) => test.column?.toLowerCase() === name.toLowerCase());
  const fromWarehouse: DocColumn[] = (inCatalog ?? []).map((column) => ({
    name: column.name,
    description: byName.get(column.name.toLowerCase())?.description,
    type: column.type,
    typeFrom: 'warehouse',
    inWarehouse: true,
    tests: testsOf(column.name),
  }));
  const seen = new Set(fromWarehouse.map((column) => column.name.toLowerCase()));
  const fromYaml: DocColumn[] = described
    .filter((column) => !seen.has(column.name.toLowerCase()))
    .map((column) => {
      const type = column.dataType ?? column.type;
      return {
        name: column.name,
        description: column.description,
        type,
        typeFrom: type ? 'yaml' : undefined,
        // Only a built relation can lack a column; an unbuilt one says so once, on the page.
        inWarehouse: inCatalog ? false : undefined,
        tests: testsOf(column.name),
      };
    });
  return [...fromWarehouse, ...fromYaml];
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A file name that is safe on every file system and in a relative URL. */
function fileName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}
