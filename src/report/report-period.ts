import type { KpiRow } from './read-kpis';

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The dataset's period from the 'YYYY-MM' months of revenue_by_store_month, e.g. 'September 2016 – August 2019 (36 months)'. */
export function reportPeriod(rows: readonly KpiRow[]): string | undefined {
  const months = [...new Set(rows.map((row) => row.month))]
    .filter((month): month is string => typeof month === 'string' && /^\d{4}-\d{2}$/.test(month))
    .sort();
  const [first] = months;
  const last = months.at(-1);
  if (first === undefined || last === undefined) return undefined;
  const span = monthIndex(last) - monthIndex(first) + 1;
  const range = first === last ? monthName(first) : `${monthName(first)} – ${monthName(last)}`;
  return `${range} (${span} ${span === 1 ? 'month' : 'months'})`;
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthName(month: string): string {
  return `${monthNames[Number(month.slice(5, 7)) - 1] ?? month.slice(5, 7)} ${month.slice(0, 4)}`;
}
