import type { TestNode } from '../models/compiled-project';
import type { Session } from '../warehouse/warehouse';
import { canFold, foldColumn, foldedCountSql } from './fold-tests';
import type { PlannedStatement, TestGuard } from './plan-types';

export type { TestGuard };

const COUNT_PREFIX = 'select count(*) as failures from (\n';
const COUNT_SUFFIX = '\n) as dbt_internal_test';

/**
 * Which of the planned tests guard a model: severity error, attached to it, and reading it by
 * its exact relation string (the text the guard replaces). A test that also reads another model
 * qualifies only when `isBuiltBefore` says that model is built before this one (an ancestor).
 */
export function guardingTests(
  tests: readonly TestNode[],
  modelId: string,
  relation: string,
  isBuiltBefore: (id: string) => boolean,
): TestNode[] {
  return tests.filter(
    (test) =>
      test.severity === 'error' &&
      test.attachedTo === modelId &&
      test.compiledSql.includes(relation) &&
      test.dependsOn.every((id) => id === modelId || isBuiltBefore(id)),
  );
}

/**
 * The guard statements over `newRelation`: one scan counting every foldable test's failing rows
 * (fold-tests.ts; when there are two or more), then each other test's count query with the
 * relation swapped.
 */
export function guardStatements(
  tests: readonly TestNode[],
  relation: string,
  newRelation: string,
  sampleSize: number,
  failuresRelationOf: (test: TestNode) => string | undefined,
): PlannedStatement[] {
  const foldable = tests.filter((test) => canFold(test) && test.scan.relation === relation);
  const folded = foldable.length >= 2 ? foldable : [];
  const alone = tests.filter((test) => !folded.includes(test));
  const statements = alone.map((test) =>
    guardStatement(test, relation, newRelation, sampleSize, failuresRelationOf),
  );
  if (folded.length === 0) return statements;
  const guards = folded.map((test, index) => {
    const { guard, ...count } = guardStatement(test, relation, newRelation, sampleSize, failuresRelationOf);
    return { ...(guard as TestGuard), countColumn: foldColumn(index), alone: count };
  });
  return [{ sql: foldedCountSql(folded, newRelation), guards }, ...statements];
}

function guardStatement(
  test: TestNode,
  relation: string,
  newRelation: string,
  sampleSize: number,
  failuresRelationOf: (test: TestNode) => string | undefined,
): PlannedStatement {
  const onNew = (sql: string) => sql.split(relation).join(newRelation);
  const sql = onNew(test.compiledSql);
  const bodyOffset = onNew(test.compiledSql.slice(0, test.bodyOffset ?? 0)).length;
  const failures = failuresRelationOf(test);
  const store = failures && [
    `drop table if exists ${failures}`,
    `create table ${failures} as\nselect * from (\n${sql}\n) as dbt_internal_test`,
  ];
  return {
    sql: `${COUNT_PREFIX}${sql}${COUNT_SUFFIX}`,
    body: {
      offset: COUNT_PREFIX.length + bodyOffset,
      file: test.file,
      line: test.testType === 'singular' ? 1 : test.line,
      preservesLines: test.testType === 'singular' && test.preservesLines,
    },
    guard: {
      test: test.uniqueId,
      name: test.name,
      file: test.file,
      line: test.line,
      sample: `select * from (\n${sql}\n) as dbt_internal_test limit ${sampleSize}`,
      dropNew: `drop table if exists ${newRelation}`,
      ...(store ? { store, failuresRelation: failures } : {}),
    },
  };
}

/**
 * When a folded guard's scan fails: the first of its tests whose own count fails, so the error
 * names that test's file and line (the scan's own error when none does, which is unlikely).
 */
export async function guardCulprit(
  session: Session,
  statement: PlannedStatement,
  error: unknown,
): Promise<{ statement: PlannedStatement; error: unknown }> {
  for (const guard of statement.guards ?? []) {
    if (!guard.alone) continue;
    try {
      await session.query(guard.alone.sql);
    } catch (own) {
      return { statement: guard.alone, error: own };
    }
  }
  return { statement, error };
}
