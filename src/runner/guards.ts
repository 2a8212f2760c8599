import type { TestNode } from '../models/compiled-project';
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

/** The guard statements over `newRelation`: each test's count query with the relation swapped. */
export function guardStatements(
  tests: readonly TestNode[],
  relation: string,
  newRelation: string,
  sampleSize: number,
  failuresRelationOf: (test: TestNode) => string | undefined,
): PlannedStatement[] {
  return tests.map((test) => {
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
  });
}
