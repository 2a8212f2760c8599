import { at } from '../common/at';
import type { CompiledProject } from '../models/compiled-project';
import type { Warehouse } from '../warehouse/warehouse';
import { type PageOptions, queryPage, type SqlPage } from './sql-page';
import { type SqlRows, typedRows } from './sql-rows';

export type { SqlRows };

/** A model or source named in a `sql` template: inlined as its relation, never a bind parameter. */
export class RelationRef {
  constructor(
    readonly kind: 'ref' | 'source',
    readonly names: readonly string[],
  ) {}
}

/** `${ref('fct_orders')}` in a `sql` template: the model's (or seed's) relation. */
export const ref = (model: string): RelationRef => new RelationRef('ref', [model]);
/** `${source('raw', 'raw_orders')}` in a `sql` template: the source table's relation. */
export const source = (sourceName: string, table: string): RelationRef =>
  new RelationRef('source', [sourceName, table]);

type Template = [strings: TemplateStringsArray, ...values: unknown[]];

export type SqlTag = (<R = Record<string, unknown>>(...template: Template) => Promise<SqlRows<R>>) & {
  /**
   * The same query one page at a time, paged in SQL (count and limit/offset pushed in):
   * `` await sql.page({ size: 100, page: 2 })`select … order by …` ``; `.show()` says how to get more.
   */
  page(options?: PageOptions): <R = Record<string, unknown>>(...template: Template) => Promise<SqlPage<R>>;
};

/**
 * Builds the statement of a template: each interpolated value becomes a bind parameter ($1, $2,
 * …: never spliced into the SQL), each ref()/source() the relation the project resolves it to.
 */
export function buildStatement(
  strings: readonly string[],
  values: readonly unknown[],
  resolve: (relation: RelationRef) => string,
): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  // A tagged template has one more string than values: around each value, one before and one after.
  let text = at(strings, 0, 'the text before the first value');
  values.forEach((value, index) => {
    if (value instanceof RelationRef) text += resolve(value);
    else {
      params.push(value);
      text += `$${params.length}`;
    }
    text += at(strings, index + 1, 'the text after a value');
  });
  return { text, params };
}

/** Resolves ref()/source() through a compiled project, naming what exists when a name is wrong. */
export function projectResolver(project: CompiledProject): (relation: RelationRef) => string {
  return (relation) => {
    if (relation.kind === 'ref') {
      const [name] = relation.names;
      const node = [...project.models, ...project.seeds].find((candidate) => candidate.name === name);
      if (node && !(node.resourceType === 'model' && node.materialized === 'ephemeral')) return node.relation;
      const known = [...project.models, ...project.seeds]
        .filter(
          (candidate) => !(candidate.resourceType === 'model' && candidate.materialized === 'ephemeral'),
        )
        .map((candidate) => candidate.name);
      throw new Error(
        `ref('${name}'): no such model or seed (ephemeral models have no relation). Known: ${known.join(', ')}.`,
      );
    }
    const [sourceName, table] = relation.names;
    const node = project.sources.find(
      (candidate) => candidate.sourceName === sourceName && candidate.name === table,
    );
    if (node) return node.relation;
    const known = project.sources.map((candidate) => `${candidate.sourceName}.${candidate.name}`);
    throw new Error(`source('${sourceName}', '${table}'): no such source table. Known: ${known.join(', ')}.`);
  };
}

/**
 * The `sql` tag of a warehouse and project: `` await sql<{ store: string }>`select … from
 * ${ref('dim_stores')} where region = ${region}` ``. The project compiles once, on first use.
 */
export function sqlTag(warehouse: Warehouse, loadProject: () => Promise<CompiledProject>): SqlTag {
  let project: Promise<CompiledProject> | undefined;
  const statementOf = async ([strings, ...values]: Template) => {
    const needsProject = values.some((value) => value instanceof RelationRef);
    if (needsProject && !project) project = loadProject();
    const resolve = project ? projectResolver(await project) : () => '';
    return buildStatement(strings, values, resolve);
  };
  const tag = async <R>(...template: Template) => {
    const { text, params } = await statementOf(template);
    const result = await warehouse.query(text, params);
    return typedRows<R>(result.rows, result.fields, text);
  };
  return Object.assign(tag, {
    page:
      (options?: PageOptions) =>
      async <R>(...template: Template) =>
        queryPage<R>(warehouse, await statementOf(template), options),
  });
}
