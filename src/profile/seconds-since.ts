/** Seconds elapsed since a `process.hrtime.bigint()` reading, rounded to milliseconds. */
export function secondsSince(started: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - started) / 1e6) / 1000;
}
