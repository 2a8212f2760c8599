import {
  backoffMs,
  DEFAULT_RETRY,
  isSerializationAbort,
  type RetryPolicy,
  sleep,
} from '../warehouse/serialization-abort';
import type { StepOutcome } from './run-step';

export type { RetryPolicy };

const aborted = (outcome: StepOutcome): boolean =>
  outcome.status === 'error' &&
  isSerializationAbort({
    code: (outcome.error as { code?: string } | undefined)?.code,
    message: outcome.message,
  });

/**
 * Runs a step, and again while it ends in a serialization abort, at most `policy.retries` more
 * times with exponential backoff. A step's statements can run again from the start: each one
 * drops what a previous attempt left (`<name>__etl_new`) and the abort rolled back the rest.
 */
export async function withSerializationRetry(
  run: () => Promise<StepOutcome>,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<StepOutcome> {
  let outcome = await run();
  let attempt = 0;
  while (attempt < policy.retries && aborted(outcome)) {
    await sleep(backoffMs(policy, attempt));
    attempt++;
    outcome = await run();
  }
  if (attempt === 0) return outcome;
  const note = aborted(outcome)
    ? ` (still a serializable-isolation abort after ${attempt} retries: run again when fewer jobs write these tables, or lower --threads)`
    : ` (after ${attempt} ${attempt === 1 ? 'retry' : 'retries'} on serializable-isolation aborts)`;
  return { ...outcome, message: `${outcome.message}${note}` };
}
