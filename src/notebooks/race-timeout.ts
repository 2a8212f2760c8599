export type RaceResult<T> = { done: true; value: T } | { done: false };

/** Waits for `promise` at most `ms` milliseconds (the timer is cleared either way). */
export async function raceTimeout<T>(promise: Promise<T>, ms: number): Promise<RaceResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<RaceResult<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise.then((value): RaceResult<T> => ({ done: true, value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
