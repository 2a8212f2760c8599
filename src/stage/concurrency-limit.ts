/** A function that runs tasks with at most `limit` of them in flight; the others wait in order. */
export type ConcurrencyLimit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * Shared by every stage() call of one S3Stage, so loading six tables at once still compresses and
 * uploads at most `limit` parts at a time (each holds up to ~3 upload buffers of memory).
 */
export function concurrencyLimit(limit: number): ConcurrencyLimit {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
