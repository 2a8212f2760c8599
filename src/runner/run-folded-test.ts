import type { Session } from '../warehouse/warehouse';
import type { TestStep } from './plan-types';
import type { AdapterResponse } from './run-result';
import { runTestStep, type StepOutcome } from './run-step';

/** The shared scans of one run, by fold key: the first test of a fold to run starts it. */
export type FoldRuns = Map<string, Promise<Record<string, unknown> | undefined>>;

const ONE_ROW: AdapterResponse = { message: 'SELECT 1', code: 'SELECT', rowsAffected: 1 };

/** A folded test: its count from the shared scan; alone (count, sample, error) unless zero. Never throws. */
export async function runFoldedTestStep(
  session: Session,
  step: TestStep,
  runs: FoldRuns,
): Promise<StepOutcome> {
  const fold = step.fold;
  if (!fold) return runTestStep(session, step);
  let counts = runs.get(fold.key);
  if (!counts) {
    counts = session.query(fold.statement.sql).then(
      (result) => result.rows[0] as Record<string, unknown> | undefined,
      () => undefined, // each test then runs alone and reports its own error
    );
    runs.set(fold.key, counts);
  }
  const row = await counts;
  const failures = Number(row?.[fold.column] ?? Number.NaN);
  if (failures === 0) return { status: 'success', message: 'PASS', failures, adapterResponse: ONE_ROW };
  return runTestStep(session, step);
}
