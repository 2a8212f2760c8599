import type { DataFrame } from 'danfojs-node';
import { at } from '../common/at';
import type { CompiledProject } from '../models/compiled-project';
import type { FieldInfo, Warehouse } from '../warehouse/warehouse';
import { type ShowTableOptions, showTable } from './show-table';

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

/** Rows of a `sql` query, typed by the caller, with the column names and two conveniences. */
export interface SqlRows<R> extends Array<R> {
  readonly columns: string[];
  /** The statement as sent (placeholders $1, $2, … for the values). */
  readonly statement: string;
  /** The rows as a danfojs DataFrame (danfojs loads on first use: it takes a second). */
  frame(): DataFrame;
  /** Displays the rows as a table in the notebook. */
  show(options?: ShowTableOptions): void;
}

export type SqlTag = <R = Record<string, unknown>>(
  strings: TemplateStringsArray,
  ...values: unknown[]
) => Promise<SqlRows<R>>;

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

// pg returns these as text: int8 (20) and numeric (1700) become numbers when exact enough.
const NUMERIC_TYPES = new Set([20, 1700]);

/** Rows as `sql` returns them: numeric and bigint columns as numbers (bigints beyond 2^53 stay text). */
export function typedRows<R>(
  rows: Record<string, unknown>[],
  fields: FieldInfo[],
  statement: string,
): SqlRows<R> {
  const numeric = fields.filter((field) => NUMERIC_TYPES.has(field.dataTypeID)).map((field) => field.name);
  const converted = rows.map((row) => {
    for (const name of numeric) {
      const value = row[name];
      if (typeof value === 'string') {
        const number = Number(value);
        if (Number.isFinite(number) && (!/^-?\d+$/.test(value) || Number.isSafeInteger(number)))
          row[name] = number;
      }
    }
    return row as R;
  });
  const columns = fields.map((field) => field.name);
  return Object.assign(converted, {
    columns,
    statement,
    frame(): DataFrame {
      // loaded on use: danfojs (with tensorflow.js) takes about a second to load
      const { DataFrame: Frame } = require('danfojs-node') as typeof import('danfojs-node');
      return new Frame(
        converted.length > 0 ? (converted as object[]) : undefined,
        converted.length > 0 ? undefined : { columns },
      );
    },
    show(options?: ShowTableOptions): void {
      showTable(converted as object[], options);
    },
  });
}

/**
 * The `sql` tag of a warehouse and project: `` await sql<{ store: string }>`select … from
 * ${ref('dim_stores')} where region = ${region}` ``. The project compiles once, on first use.
 */
export function sqlTag(warehouse: Warehouse, loadProject: () => Promise<CompiledProject>): SqlTag {
  let project: Promise<CompiledProject> | undefined;
  return async <R>(strings: TemplateStringsArray, ...values: unknown[]) => {
    const needsProject = values.some((value) => value instanceof RelationRef);
    if (needsProject && !project) project = loadProject();
    const resolve = project ? projectResolver(await project) : () => '';
    const { text, params } = buildStatement(strings, values, resolve);
    const result = await warehouse.query(text, params);
    return typedRows<R>(result.rows, result.fields, text);
  };
}
