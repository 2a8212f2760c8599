import { createHash } from 'node:crypto';
import { type ModelNode, modelIdentifier } from '../models/compiled-project';
import type { Dialect } from '../warehouse/dialect';
import { incremental } from './incremental';
import type { MaterializationSql, PlannedStatement, StatementBody } from './plan-types';

/** The statements that check `<name>__etl_new` before the swap (see guards.ts). */
export type Guards = (newRelation: string) => PlannedStatement[];

export type { MaterializationSql };

/**
 * invalid_table_definition: `create or replace view` cannot drop, rename or retype a column
 * (PostgreSQL only lets a view gain columns at the end).
 */
const VIEW_COLUMNS_CHANGED = ['42P16'];
/** wrong_object_type: the relation exists but as the other kind (view vs table). */
const WRONG_OBJECT_TYPE = ['42809'];

/**
 * The statements that build a model, by materialization. An incremental model builds whole (as a
 * table) on `fullRefresh` or when its table does not exist yet. Ephemeral models are never built.
 */
export function materialize(
  model: ModelNode,
  dialect: Dialect,
  options: { fullRefresh?: boolean; guards?: Guards } = {},
): MaterializationSql {
  const guards = options.guards ?? (() => []);
  if (model.materialized === 'incremental') {
    const whole = table(model, dialect, guards);
    return options.fullRefresh ? whole : incremental(model, dialect, whole);
  }
  return model.materialized === 'table' ? table(model, dialect, guards) : view(model, dialect);
}

function withBody(prefix: string, model: ModelNode, suffix = ''): PlannedStatement {
  const body: StatementBody = {
    // Inlined ephemeral CTEs come before the file's own SQL.
    offset: prefix.length + (model.bodyOffset ?? 0),
    file: model.file,
    line: 1,
    preservesLines: model.preservesLines,
  };
  return { sql: `${prefix}${model.compiledSql}${suffix}`, body };
}

function transaction(dialect: Dialect, statements: PlannedStatement[]): PlannedStatement[] {
  return dialect.supportsTransactionalDdl ? [{ sql: 'begin' }, ...statements, { sql: 'commit' }] : statements;
}

/** ANALYZE of a built table, with the dialect's small statistics target where it has one. */
function analyzeBuilt(dialect: Dialect, relation: string): PlannedStatement[] {
  const target = dialect.buildStatisticsTarget;
  if (target === undefined) return [{ sql: `analyze ${relation}` }];
  return transaction(dialect, [
    { sql: `set local default_statistics_target = ${target}` },
    { sql: `analyze ${relation}` },
  ]);
}

/**
 * `create or replace view` keeps dependants working. When the columns changed (PostgreSQL only
 * lets a view gain columns at the end) or a table stands there, drop it and create the view, in
 * one transaction. On Redshift views are late-binding, so that drop takes no dependent view along.
 */
function view(model: ModelNode, dialect: Dialect): MaterializationSql {
  const relation = dialect.relation(model.schema, modelIdentifier(model));
  const binding = dialect.supportsLateBindingViews ? '\nwith no schema binding' : '';
  const create = withBody(`create view ${relation} as\n`, model, binding);
  return {
    statements: [withBody(`create or replace view ${relation} as\n`, model, binding)],
    recoveries: [
      {
        at: 0,
        codes: VIEW_COLUMNS_CHANGED,
        reason: "the view's columns changed",
        statements: transaction(dialect, [{ sql: `drop view if exists ${relation} cascade` }, create]),
      },
      {
        at: 0,
        codes: WRONG_OBJECT_TYPE,
        reason: 'a table stands where the view goes',
        statements: transaction(dialect, [{ sql: `drop table if exists ${relation} cascade` }, create]),
      },
    ],
  };
}

/**
 * Builds `<name>__etl_new` beside the table, runs the guards on it (a failing one drops it), then
 * swaps it in one transaction (drop the old with cascade, as dbt does; rename the new). A failed
 * build or guard leaves the previous table as it was, and readers never see a half-built table.
 */
function table(model: ModelNode, dialect: Dialect, guards: Guards): MaterializationSql {
  const identifier = modelIdentifier(model);
  const relation = dialect.relation(model.schema, identifier);
  const temp = tempName(identifier, dialect.maxIdentifierLength);
  const tempRelation = dialect.relation(model.schema, temp);
  const rename = { sql: `alter table ${tempRelation} rename to ${dialect.quoteIdentifier(identifier)}` };
  const analyze = analyzeBuilt(dialect, relation);
  const swap = transaction(dialect, [{ sql: `drop table if exists ${relation} cascade` }, rename]);
  const dropIndex = swap.findIndex((statement) => statement.sql.startsWith('drop table'));
  const checks = guards(tempRelation);
  return {
    statements: [
      // A killed run may have left one behind.
      { sql: `drop table if exists ${tempRelation}` },
      { ...withBody(dialect.createTableAs(tempRelation, model), model), reportsRows: true },
      ...checks,
      ...swap,
      ...analyze,
    ],
    recoveries: [
      {
        at: 2 + checks.length + dropIndex,
        codes: WRONG_OBJECT_TYPE,
        reason: 'a view stands where the table goes',
        statements: [
          ...transaction(dialect, [{ sql: `drop view if exists ${relation} cascade` }, rename]),
          ...analyze,
        ],
      },
    ],
  };
}

/** `<name>__etl_new`, shortened with a hash when it would pass the identifier limit. */
export function tempName(name: string, maxLength: number): string {
  const suffix = '__etl_new';
  if (Buffer.byteLength(name) + suffix.length <= maxLength) return `${name}${suffix}`;
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, maxLength - suffix.length - hash.length - 1)}_${hash}${suffix}`;
}
