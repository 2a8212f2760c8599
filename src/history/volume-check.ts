import { VOLUME_RULE, volumeBand } from './volume-band';

/** Rows of a table in one run: in all (storeId and day null) or of one store on one day. */
export interface VolumeCount {
  table: string;
  storeId: string | null;
  /** 'YYYY-MM-DD' */
  day: string | null;
  rows: number;
}

/** What earlier successful runs counted (etl_meta.volume_counts). */
export interface PreviousVolumes {
  runs: number;
  /** Per table, its total in each previous run, newest first. */
  totals: Map<string, number[]>;
  /** `table|store|day` → the newest previous run's count of that store-day. */
  days: Map<string, number>;
}

export interface VolumeWarning {
  table: string;
  storeId: string | null;
  day: string | null;
  rows: number;
  /** The usual count (the median of the reference counts, or the previous run's count of that day). */
  usual: number;
  /** Counts below this warn. */
  low: number;
  message: string;
}

export interface VolumeCheck {
  warnings: VolumeWarning[];
  /** Counts compared with a band. */
  judged: number;
  /** Counts without enough history or earlier weeks to be judged. */
  notJudged: number;
  previousRuns: number;
}

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayKey = (table: string, store: string, day: number) => `${table}|${store}|${isoDay(day)}`;

/**
 * Compares this run's counts with the band of the rule (`VOLUME_RULE`): each table's total with
 * the previous runs' totals; each store-day, from the store's first day to the extract's last, with
 * the same store on the same weekday of the weeks before (this extract's counts for its own days,
 * a day outside it from the newest previous run that counted it). A store-day that a previous run
 * counted and this extract, covering that day, lacks is a warning whatever the band.
 */
export function checkVolumes(
  current: readonly VolumeCount[],
  previous: PreviousVolumes,
  storeNames: ReadonlyMap<string, string> = new Map(),
): VolumeCheck {
  const check: VolumeCheck = { warnings: [], judged: 0, notJudged: 0, previousRuns: previous.runs };
  for (const total of current.filter((c) => c.storeId === null && c.day === null)) {
    const band = volumeBand(previous.totals.get(total.table) ?? [], VOLUME_RULE.minRuns);
    if (!band) check.notJudged++;
    else {
      check.judged++;
      if (total.rows < band.low) {
        const message =
          `${total.table} has ${total.rows} rows; the last ${previous.totals.get(total.table)?.length} runs had ` +
          `a median of ${band.median} (a drop below ${Math.ceil(band.low)} warns): a partial file?`;
        check.warnings.push({ ...total, usual: band.median, low: band.low, message });
      }
    }
  }
  const tables = new Set(current.filter((c) => c.day !== null).map((c) => c.table));
  for (const table of tables) checkStoreDays(table, current, previous, storeNames, check);
  return check;
}

function checkStoreDays(
  table: string,
  current: readonly VolumeCount[],
  previous: PreviousVolumes,
  storeNames: ReadonlyMap<string, string>,
  check: VolumeCheck,
): void {
  const counts = new Map<string, number>();
  const firstDay = new Map<string, number>();
  const seen = (store: string, day: number) => firstDay.set(store, Math.min(firstDay.get(store) ?? day, day));
  let [from, to] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const count of current) {
    if (count.table !== table || count.storeId === null || count.day === null) continue;
    const day = dayNumber(count.day);
    counts.set(dayKey(table, count.storeId, day), count.rows);
    seen(count.storeId, day);
    [from, to] = [Math.min(from, day), Math.max(to, day)];
  }
  for (const key of previous.days.keys()) {
    const [keyTable, store, day] = key.split('|') as [string, string, string];
    if (keyTable === table) seen(store, dayNumber(day));
  }
  // This extract's days count as 0 when absent; other days as the newest previous run counted them.
  const rowsOn = (store: string, day: number): number | undefined =>
    day >= from && day <= to
      ? (counts.get(dayKey(table, store, day)) ?? 0)
      : previous.days.get(dayKey(table, store, day));
  for (const [store, first] of firstDay) {
    for (let day = Math.max(from, first); day <= to; day++) {
      const rows = rowsOn(store, day) as number;
      const before = previous.days.get(dayKey(table, store, day));
      const weeks: number[] = [];
      for (let week = 1; week <= VOLUME_RULE.weeks && day - 7 * week >= first; week++) {
        const value = rowsOn(store, day - 7 * week);
        if (value !== undefined) weeks.push(value);
      }
      const band = volumeBand(weeks, VOLUME_RULE.minDays);
      if (band) check.judged++;
      else check.notJudged++;
      const name = storeNames.get(store) ?? store;
      const when = `${isoDay(day)} (a ${WEEKDAYS[new Date(day * DAY_MS).getUTCDay()]})`;
      if (rows === 0 && before !== undefined && before > 0) {
        const message = `${table}: no rows for store ${name} on ${when}; the previous run had ${before}: a missing store-day?`;
        check.warnings.push({
          table,
          storeId: store,
          day: isoDay(day),
          rows,
          usual: before,
          low: before,
          message,
        });
      } else if (band && rows < band.low) {
        const message =
          `${table}: ${rows} rows for store ${name} on ${when}; the ${weeks.length} same weekdays before ` +
          `had a median of ${band.median} (below ${Math.ceil(band.low)} warns): ${rows === 0 ? 'a missing' : 'a partial'} store-day?`;
        check.warnings.push({
          table,
          storeId: store,
          day: isoDay(day),
          rows,
          usual: band.median,
          low: band.low,
          message,
        });
      }
    }
  }
}
