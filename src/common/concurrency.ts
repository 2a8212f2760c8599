/**
 * The one concurrency helper: heavy work (statements, part uploads) shares a small machine better a
 * few at a time than all at once.
 */

/**
 * `Promise.all(items.map(work))` with at most `limit` calls in flight; results keep the input
 * order. After a failure no further item is started, the ones in flight are awaited (nothing keeps
 * running once this settles), and the first failure is thrown.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  // One iterator shared by the workers: each takes the next item (items may themselves be undefined).
  const queue = items.entries();
  let failed = false;
  const worker = async (): Promise<void> => {
    for (const [index, item] of queue) {
      if (failed) return;
      try {
        results[index] = await work(item, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  const failure = (await Promise.allSettled(workers)).find((result) => result.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
  return results;
}

/** `mapLimit` for work that returns nothing. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  await mapLimit(items, limit, task);
}

/** A function that runs tasks with at most `limit` of them in flight; the others wait in order. */
export type ConcurrencyLimit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A limit shared by several callers: e.g. every stage() call of one S3Stage, so loading six tables
 * at once still compresses and uploads at most `limit` parts at a time.
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
