import { types } from 'pg';

/** pg type ids of the values that carry no time zone. */
const DATE = 1082;
const TIMESTAMP = 1114;

/**
 * node-postgres turns `date` and `timestamp without time zone` into JS Dates at the process's
 * local time, which JSON then prints as a UTC instant (`08:40` local became `…T08:40:00.000Z`, or
 * another day under another TZ). They are wall-clock values: keep them as the text they are, in ISO
 * form (`2024-03-20`, `2024-03-20T08:40:00`), so kpis.json, the report and failing-row samples
 * show what the table holds. `timestamptz` stays a Date: it is an instant.
 */
export const LOCAL_TIME_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMP && format !== 'binary') return localTimestamp;
    if (oid === DATE && format !== 'binary') return (text: string) => text;
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads take a literal format
    return types.getTypeParser(oid, format as any);
  },
};

/** `2024-03-20 08:40:00` → `2024-03-20T08:40:00` (infinity and BC dates pass through as text). */
function localTimestamp(text: string): string {
  return /^\d{4}-\d\d-\d\d \d/.test(text) ? text.replace(' ', 'T') : text;
}
