import type { TestNode } from '../models/compiled-project';
import type { PlannedStatement, PlanStep, TestStep } from './plan-types';

/**
 * Folding (issue 15): the row-at-a-time tests of one relation (not_null, accepted_values,
 * expression_is_true) share one scan that returns, for every test, a count that is zero exactly
 * when the test finds no rows, instead of one scan each; on a view that is one evaluation of the
 * view instead of one per test. A test whose count is not zero, or whose scan failed, then runs
 * alone: its own count (the figure reported), sample and error, with the file and line, exactly
 * as unfolded (run-folded-test.ts). This file plans; it runs nothing.
 */

/** Whether a test's failing rows can be counted in a shared scan of the relation it tests. */
export function canFold(test: TestNode): test is TestNode & { scan: NonNullable<TestNode['scan']> } {
  return (
    test.scan !== undefined &&
    !test.storeFailures &&
    !test.bodyOffset &&
    test.dependsOn.length === 1 &&
    test.dependsOn[0] === test.attachedTo
  );
}

/** The result column of the `index`-th test of a folded scan. */
export const foldColumn = (index: number) => `failures_${index}`;

/** One scan of `relation` returning each test's count (zero when it passes) as `failures_<index>`. */
export function foldedCountSql(tests: readonly TestNode[], relation: string): string {
  const columns = tests.map((test, index) => {
    const comma = index < tests.length - 1 ? ',' : '';
    return `    ${test.scan?.count} as ${foldColumn(index)}${comma} -- ${test.name.replace(/[^\w.-]/g, '_')}`;
  });
  return `select\n${columns.join('\n')}\nfrom ${relation}`;
}

/**
 * Gives the planned test steps that can share a scan (same model, same relation, not already
 * checked by their model's guard) a `fold`; a lone test stays as it is. Returns the new steps.
 */
export function foldTestSteps(
  steps: ReadonlyMap<string, PlanStep>,
  testOf: (id: string) => TestNode | undefined,
): Map<string, PlanStep> {
  const guarded = new Set<string>();
  for (const step of steps.values()) {
    if (step.resourceType !== 'model') continue;
    for (const statement of step.statements) {
      if (statement.guard) guarded.add(statement.guard.test);
      for (const guard of statement.guards ?? []) guarded.add(guard.test);
    }
  }
  const groups = new Map<string, TestNode[]>();
  for (const step of steps.values()) {
    const test = step.resourceType === 'test' ? testOf(step.uniqueId) : undefined;
    if (!test || guarded.has(test.uniqueId) || !canFold(test)) continue;
    const key = `${test.attachedTo} ${test.scan.relation}`;
    const group = groups.get(key);
    if (group) group.push(test);
    else groups.set(key, [test]);
  }
  const folded = new Map(steps);
  for (const [key, tests] of groups) {
    if (tests.length < 2) continue;
    const relation = tests[0]?.scan?.relation as string;
    const statement: PlannedStatement = { sql: foldedCountSql(tests, relation) };
    tests.forEach((test, index) => {
      const step = steps.get(test.uniqueId) as TestStep;
      folded.set(test.uniqueId, { ...step, fold: { key, relation, statement, column: foldColumn(index) } });
    });
  }
  return folded;
}
