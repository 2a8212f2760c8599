/** How often work aborted by a serializable-isolation conflict is run again, and how soon. */
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
export function isSerializationAbort(error: { code?: unknown; message?: unknown } | undefined): boolean {
  if (!error) return false;
  return (
    error.code === '40001' || /\b1023\b[\s\S]*serializable isolation violation/i.test(String(error.message))
  );
}

/** The wait before retry number `attempt` (0-based): exponential, with jitter. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return policy.baseDelayMs * 2 ** attempt * (1 + Math.random() / 2);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
