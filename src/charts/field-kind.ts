import type { ChartRow } from './chart-spec';

/** What a field's values look like: 'YYYY-MM' months, ISO dates, numbers or text. */
export type FieldKind = 'month' | 'date' | 'number' | 'text';

const month = /^\d{4}-(0[1-9]|1[0-2])$/;
const date = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The kind of `field` over `rows` (ignoring null and missing values; no values reads as text). */
export function fieldKind(rows: readonly ChartRow[], field: string): FieldKind {
  const values = rows.map((row) => row[field]).filter((value) => value !== null && value !== undefined);
  if (values.length === 0) return 'text';
  if (values.every((value) => typeof value === 'string' && month.test(value))) return 'month';
  if (values.every((value) => typeof value === 'string' && date.test(value))) return 'date';
  if (values.every((value) => typeof value === 'number')) return 'number';
  return 'text';
}
