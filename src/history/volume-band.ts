import { at } from '../common/at';

/**
 * The volume rule (issue 17, item 5), robust to the odd outlier: the usual count is the median of
 * the reference counts, their spread 1.4826 × MAD (the median absolute deviation, scaled so it
 * estimates a standard deviation), but never under a fifth of the median (identical reloads have
 * MAD 0, which would make any change an anomaly). A count below median − 3 × spread, i.e. below
 * 40% of the usual count when counts are steady, is a drop. Only drops warn: a missing store-day or
 * a file with a third of its rows is what goes unnoticed; duplicated rows are caught by the unique
 * tests. Too few reference counts: the count is not judged.
 */
export const VOLUME_RULE = {
  /** How many spreads below the median a count may fall. */
  k: 3,
  /** The spread is at least this share of the median. */
  minSpreadShare: 0.2,
  /** A store-day is compared with the same weekday of this many weeks before. */
  weeks: 8,
  /** …and needs at least this many of them. */
  minDays: 4,
  /** A table's total is compared with this many previous successful runs… */
  runs: 10,
  /** …and needs at least this many of them. */
  minRuns: 3,
} as const;

export interface VolumeBand {
  median: number;
  /** Counts below this are a drop. */
  low: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? at(sorted, middle, 'the middle value')
    : (at(sorted, middle - 1, 'the lower middle value') + at(sorted, middle, 'the upper middle value')) / 2;
}

/** The band of `values`, or undefined when there are fewer than `minimum` of them. */
export function volumeBand(values: readonly number[], minimum: number): VolumeBand | undefined {
  if (values.length < minimum || values.length === 0) return undefined;
  const middle = median(values);
  const mad = median(values.map((value) => Math.abs(value - middle)));
  const spread = Math.max(1.4826 * mad, VOLUME_RULE.minSpreadShare * middle);
  return { median: middle, low: middle - VOLUME_RULE.k * spread };
}
