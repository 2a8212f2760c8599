import { type ModelNode, modelIdentifier } from '../models/compiled-project';
import type { Dialect } from '../warehouse/dialect';
import { fitIdentifier } from './fit-identifier';
import type { MaterializationSql, PlannedStatement, StatementBody } from './plan-types';

/** undefined_table: the probe finds no table yet, so the first build runs instead. */
const UNDEFINED_TABLE = ['42P01'];

/**
 * An incremental model's run when its table exists: the new rows (`is_incremental()` true) go
 * into a temporary table first, then one transaction folds them in: `merge` and `delete+insert`
 * delete the rows whose unique_key is among the new ones and insert the new rows (merge first
 * checks that the new rows' keys are distinct, so it is a true upsert); `append` only inserts.
 * Set-based statements every engine has (no MERGE, which Redshift restricts), so it runs the same
 * on PostgreSQL and Redshift. A failure at any point rolls back: the table keeps its rows.
 *
 * The first statement probes the table; when it does not exist (42P01) the recovery runs
 * `firstBuild` (the table materialization over the full SELECT) instead.
 */
export function incremental(
  model: ModelNode,
  dialect: Dialect,
  firstBuild: MaterializationSql,
): MaterializationSql {
  const identifier = modelIdentifier(model);
  const relation = dialect.relation(model.schema, identifier);
  const newRows = fitIdentifier(`${identifier}__etl_incr`, dialect.maxIdentifierLength);
  const temp = dialect.quoteIdentifier(newRows);
  const target = dialect.quoteIdentifier(identifier);
  const keys = (model.uniqueKey ?? []).map((key) => dialect.quoteIdentifier(key));
  const strategy = model.incrementalStrategy ?? (keys.length > 0 ? 'merge' : 'append');
  const sql = model.incrementalSql ?? model.compiledSql;
  const prefix = `create temporary table ${temp} as\n`;
  const body: StatementBody = {
    offset: prefix.length + (model.incrementalBodyOffset ?? 0),
    file: model.file,
    line: 1,
    preservesLines: model.preservesLines,
  };
  const statements: PlannedStatement[] = [
    { sql: `select * from ${relation} where 1 = 0` },
    // A failed run on this connection may have left one behind.
    { sql: `drop table if exists ${temp}` },
    { sql: `${prefix}${sql}`, body },
  ];
  if (strategy === 'merge') {
    statements.push({
      sql: `select ${keys.join(', ')}, count(*) as copies from ${temp} group by ${keys.join(', ')} having count(*) > 1 limit 5`,
      failsWhenRows: `the new rows repeat a unique_key (${model.uniqueKey?.join(', ')}), so a merge cannot tell which one to keep`,
    });
  }
  statements.push({ sql: 'begin' });
  if (strategy !== 'append') {
    const match = keys.map((key) => `${target}.${key} = ${temp}.${key}`).join(' and ');
    statements.push({ sql: `delete from ${relation} using ${temp} where ${match}` });
  }
  statements.push(
    { sql: `insert into ${relation} select * from ${temp}`, reportsRows: true },
    { sql: 'commit' },
    { sql: `drop table ${temp}` },
    { sql: dialect.analyze(relation) },
  );
  return {
    statements,
    recoveries: [
      {
        at: 0,
        codes: UNDEFINED_TABLE,
        reason: 'the table does not exist yet: build it whole',
        statements: firstBuild.statements,
      },
    ],
  };
}
