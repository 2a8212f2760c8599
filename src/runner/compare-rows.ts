import type { FieldInfo } from '../warehouse/warehouse';

/** pg type ids whose values node-postgres turns into Date objects. */
const DATE = 1082;
const TIMESTAMP = 1114;

export interface RowDiff {
  /** Expected rows the query did not return (with multiplicity). */
  missing: Record<string, unknown>[];
  /** Returned rows nobody expected. */
  unexpected: Record<string, unknown>[];
}

/**
 * Compares rows as multisets on the expected columns, the way a person reads fixture YAML:
 * numbers by value (`15.5` equals numeric `15.50`), dates as `YYYY-MM-DD`, timestamps as
 * `YYYY-MM-DD HH:MM:SS` (a `T` is accepted), everything else as text.
 */
export function compareRows(
  actual: Record<string, unknown>[],
  fields: FieldInfo[],
  expected: Record<string, unknown>[],
  columns: string[],
): RowDiff {
  const typeOf = new Map(fields.map((field) => [field.name, field.dataTypeID]));
  const key = (row: Record<string, unknown>, fromDatabase: boolean) =>
    JSON.stringify(
      columns.map((column) =>
        fromDatabase
          ? canonical(row[column], typeOf.get(column))
          : expectedCanonical(row[column], typeOf.get(column)),
      ),
    );
  const pick = (row: Record<string, unknown>) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null]));
  const remaining = new Map<string, Record<string, unknown>[]>();
  for (const row of actual) {
    const k = key(row, true);
    remaining.set(k, [...(remaining.get(k) ?? []), row]);
  }
  const missing: Record<string, unknown>[] = [];
  for (const row of expected) {
    const k = key(row, false);
    const found = remaining.get(k);
    if (found && found.length > 0) found.pop();
    else missing.push(pick(row));
  }
  const unexpected = [...remaining.values()].flat().map(pick);
  return { missing, unexpected };
}

/** An expected value read as the returned column's type: a date `2016-09-01` of a timestamp column is midnight (as dbt casts). */
function expectedCanonical(value: unknown, typeId: number | undefined): string | null {
  if (typeId === TIMESTAMP && typeof value === 'string' && /^\d{4}-\d\d-\d\d$/.test(value))
    return `${value} 00:00:00`;
  return canonical(value, undefined);
}

function canonical(value: unknown, typeId: number | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return typeId === DATE ? localDate(value) : timestamp(value, typeId);
  if (typeof value === 'number' || typeof value === 'bigint') return decimal(String(value));
  if (typeof value === 'boolean') return String(value);
  const text = String(value);
  if (/^-?\d+(\.\d+)?$/.test(text)) return decimal(text);
  if (/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(text)) return text.replace('T', ' ').replace(/\.0+$/, '');
  return text;
}

/** `015.500` → `15.5`, `-0` → `0`. */
function decimal(text: string): string {
  let [whole = '0', fraction = ''] = text.replace(/^-/, '').split('.');
  whole = whole.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  const magnitude = fraction ? `${whole}.${fraction}` : whole;
  return text.startsWith('-') && magnitude !== '0' ? `-${magnitude}` : magnitude;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function localDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function timestamp(date: Date, typeId: number | undefined): string {
  if (typeId !== TIMESTAMP)
    return date
      .toISOString()
      .replace('T', ' ')
      .replace(/\.000Z$|Z$/, '');
  const ms = date.getMilliseconds();
  return `${localDate(date)} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${ms ? `.${pad(ms, 3).replace(/0+$/, '')}` : ''}`;
}
