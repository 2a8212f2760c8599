import type { ChartRow } from './chart-spec';

const numeric = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;

/**
 * Copies `rows` for a chart: the `measures` become numbers (pg returns numeric and bigint columns
 * as strings), and Date values become 'YYYY-MM-DD' strings of their local calendar day (what pg
 * meant by a `date`). Other values are kept as they are.
 */
export function chartRows(rows: readonly ChartRow[], measures: readonly (string | undefined)[]): ChartRow[] {
  const fields = measures.filter((field): field is string => field !== undefined);
  return rows.map((row) => {
    const copy: ChartRow = {};
    for (const [key, value] of Object.entries(row)) {
      copy[key] = value instanceof Date ? localDay(value) : value;
    }
    for (const field of fields) copy[field] = toNumber(copy[field]);
    return copy;
  });
}

function toNumber(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && numeric.test(value)) return Number(value);
  return value;
}

function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
