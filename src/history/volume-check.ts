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
  // Keyed by store, then by day number: the look-ups below (nine per store-day) allocate nothing.
  const counts = new Map<string, Map<number, number>>();
  const before = new Map<string, Map<number, number>>();
  const firstDay = new Map<string, number>();
  const put = (byStore: Map<string, Map<number, number>>, store: string, day: number, rows: number) => {
    const days = byStore.get(store);
    if (days) days.set(day, rows);
    else byStore.set(store, new Map([[day, rows]]));
    const first = firstDay.get(store);
    if (first === undefined || day < first) firstDay.set(store, day);
  };
  let [from, to] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const count of current) {
    if (count.table !== table || count.storeId === null || count.day === null) continue;
    const day = dayNumber(count.day);
    put(counts, count.storeId, day, count.rows);
    [from, to] = [Math.min(from, day), Math.max(to, day)];
  }
  for (const [key, rows] of previous.days) {
    const [keyTable, store, day] = key.split('|');
    if (keyTable === table && store !== undefined && day !== undefined)
      put(before, store, dayNumber(day), rows);
  }
  for (const [store, first] of firstDay) {
    const now = counts.get(store);
    const then = before.get(store);
    const rowsOn = (day: number): number | undefined =>
      day >= from && day <= to ? (now?.get(day) ?? 0) : then?.get(day);
    for (let day = Math.max(from, first); day <= to; day++) {
      const rows = rowsOn(day) ?? 0;
      const previousRows = then?.get(day);
      const weeks: number[] = [];
      for (let week = 1; week <= VOLUME_RULE.weeks && day - 7 * week >= first; week++) {
        const value = rowsOn(day - 7 * week);
        if (value !== undefined) weeks.push(value);
      }
      const band = volumeBand(weeks, VOLUME_RULE.minDays);
      if (band) check.judged++;
      else check.notJudged++;
      const missing = rows === 0 && previousRows !== undefined && previousRows > 0;
      if (!missing && !(band && rows < band.low)) continue;
      const name = storeNames.get(store) ?? store;
      const when = `${isoDay(day)} (a ${WEEKDAYS[new Date(day * DAY_MS).getUTCDay()]})`;
      const warning = { table, storeId: store, day: isoDay(day), rows };
      if (missing) {
        const message = `${table}: no rows for store ${name} on ${when}; the previous run had ${previousRows}: a missing store-day?`;
        check.warnings.push({ ...warning, usual: previousRows, low: previousRows, message });
      } else if (band) {
        const message =
          `${table}: ${rows} rows for store ${name} on ${when}; the ${weeks.length} same weekdays before ` +
          `had a median of ${band.median} (below ${Math.ceil(band.low)} warns): ${rows === 0 ? 'a missing' : 'a partial'} store-day?`;
        check.warnings.push({ ...warning, usual: band.median, low: band.low, message });
      }
    }
  }
}
