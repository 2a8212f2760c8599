import type { Warehouse } from '../warehouse/warehouse';
import type { TestStep } from './plan-types';
import type { AdapterResponse } from './run-result';
import { runTestStep, type StepOutcome } from './run-step';

/** The shared scans of one run, by fold key: the first test of a fold to run starts it. */
export type FoldRuns = Map<string, Promise<Record<string, unknown> | undefined>>;

const ONE_ROW: AdapterResponse = { message: 'SELECT 1', code: 'SELECT', rowsAffected: 1 };

/**
 * A folded test: its count from the shared scan (started by the first of its fold to run, on a
 * session of its own); alone on a session (count, sample, error) unless that count is zero. The
 * others only wait for the scan, holding no session. Throws only when no session can be had.
 */
export async function runFoldedTestStep(
  warehouse: Pick<Warehouse, 'withSession'>,
  step: TestStep,
  runs: FoldRuns,
): Promise<StepOutcome> {
  const fold = step.fold;
  if (!fold) return warehouse.withSession((session) => runTestStep(session, step));
  let counts = runs.get(fold.key);
  if (!counts) {
    counts = warehouse
      .withSession((session) => session.query(fold.statement.sql))
      .then(
        (result) => result.rows[0] as Record<string, unknown> | undefined,
        () => undefined, // each test then runs alone and reports its own error
      );
    runs.set(fold.key, counts);
  }
  const row = await counts;
  const failures = Number(row?.[fold.column] ?? Number.NaN);
  if (failures === 0) return { status: 'success', message: 'PASS', failures, adapterResponse: ONE_ROW };
  return warehouse.withSession((session) => runTestStep(session, step));
}

/** Whether a step only waits for a scan already running (it then needs no thread of its own). */
export function waitsForFold(
  step: { resourceType: string; fold?: { key: string } },
  runs: FoldRuns,
): boolean {
  return step.resourceType === 'test' && step.fold !== undefined && runs.has(step.fold.key);
}
