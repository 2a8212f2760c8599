import { civilDate, civilDay, parseIsoDay } from './civil-day';

/** The simulated days: startDay inclusive, endDay exclusive (days since 1970-01-01). */
export interface DatasetSpan {
  startDay: number;
  endDay: number;
}

const DEFAULT_START = '2024-01-01';
const MAX_YEARS = 30;

/**
 * Checks the generator options and turns them into days: whole years are calendar years from the
 * start date, a fraction adds that share of 365 days.
 */
export function datasetSpan(options: { years: number; seed: number; start?: string }): DatasetSpan {
  const { years, seed } = options;
  const start = options.start ?? DEFAULT_START;
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`generate: seed must be an integer, got ${seed}. Pass a whole number such as 42.`);
  }
  if (!Number.isFinite(years) || years <= 0 || years > MAX_YEARS) {
    throw new Error(
      `generate: years must be a number above 0 and at most ${MAX_YEARS}, got ${years}. Demand grows every year, so longer spans make files of many GB.`,
    );
  }
  const startDay = parseIsoDay(start);
  if (startDay === undefined) {
    throw new Error(
      `generate: start must be a date written YYYY-MM-DD (such as 2024-01-01), got '${start}'.`,
    );
  }
  const whole = Math.floor(years);
  const { year, month, day } = civilDate(startDay);
  const endDay = civilDay(year + whole, month, day) + Math.round((years - whole) * 365);
  if (endDay <= startDay) {
    throw new Error(`generate: ${years} years is less than one day; use at least 0.003 years.`);
  }
  return { startDay, endDay };
}
