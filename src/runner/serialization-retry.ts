import type { StepOutcome } from './run-step';

/** How often a step aborted by a serializable-isolation conflict is run again, and how soon. */
export interface RetryPolicy {
  /** Runs after the first one (default 3). */
  retries: number;
  /** The first wait; each next one doubles, with up to 50% random jitter (default 1000 ms). */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 1000 };

/**
 * Redshift aborts one of two concurrent transactions that would break serializable isolation with
 * `ERROR: 1023 DETAIL: Serializable isolation violation on table …` and advises running it again;
 * PostgreSQL's serializable transactions say SQLSTATE 40001. Both roll the transaction back.
 */
export function isSerializationAbort(outcome: StepOutcome): boolean {
  if (outcome.status !== 'error') return false;
  const code = (outcome.error as { code?: string } | undefined)?.code;
  return code === '40001' || /\b1023\b[\s\S]*serializable isolation violation/i.test(outcome.message);
}

/**
 * Runs a step, and again while it ends in a serialization abort, at most `policy.retries` more
 * times with exponential backoff. A step's statements can run again from the start: each one
 * drops what a previous attempt left (`<name>__etl_new`) and the abort rolled back the rest.
 */
export async function withSerializationRetry(
  run: () => Promise<StepOutcome>,
  policy: RetryPolicy = DEFAULT_RETRY,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<StepOutcome> {
  let outcome = await run();
  let attempt = 0;
  while (attempt < policy.retries && isSerializationAbort(outcome)) {
    await sleep(policy.baseDelayMs * 2 ** attempt * (1 + Math.random() / 2));
    attempt++;
    outcome = await run();
  }
  if (attempt === 0) return outcome;
  const note =
    outcome.status === 'error' && isSerializationAbort(outcome)
      ? ` (still a serializable-isolation abort after ${attempt} retries: run again when fewer jobs write these tables, or lower --threads)`
      : ` (after ${attempt} ${attempt === 1 ? 'retry' : 'retries'} on serializable-isolation aborts)`;
  return { ...outcome, message: `${outcome.message}${note}` };
}
