/**
 * Calendar days as integers (days since 1970-01-01) with pure integer arithmetic (H. Hinnant's
 * civil-date algorithms): no Date objects, no time zone, no locale, so every machine agrees.
 */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** The day number of a proleptic Gregorian date. */
export function civilDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number. */
export function civilDate(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** 'YYYY-MM-DD' of a day number. */
export function isoDay(days: number): string {
  const { year, month, day } = civilDate(days);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** 'YYYY-MM-DDTHH:MM:SS' of a day number and a second of that day. */
export function isoTimestamp(days: number, second: number): string {
  return `${isoDay(days)}T${isoTime(second)}`;
}

/** 'HH:MM:SS' of a second of the day. */
export function isoTime(second: number): string {
  const h = Math.floor(second / 3600);
  const m = Math.floor((second % 3600) / 60);
  return `${pad2(h)}:${pad2(m)}:${pad2(second % 60)}`;
}

/** Parses 'YYYY-MM-DD' strictly into a day number, or undefined when it is not a real date. */
export function parseIsoDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const days = civilDay(year, month, day);
  const back = civilDate(days);
  return back.year === year && back.month === month && back.day === day ? days : undefined;
}
