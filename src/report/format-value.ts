/** How a value is written in a tile or table cell. */
export type ValueKind =
  | 'money'
  | 'dollars'
  | 'compact-money'
  | 'percent'
  | 'rate'
  | 'integer'
  | 'decimal'
  | 'seconds'
  | 'text';

const formatters = {
  money: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }),
  dollars: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }),
  'compact-money': new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    notation: 'compact',
    maximumFractionDigits: 2,
  }),
  percent: new Intl.NumberFormat('en-US', {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }),
  rate: new Intl.NumberFormat('en-US', {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 2,
  }),
  integer: new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }),
  decimal: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }),
  seconds: new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

/**
 * `value` as en-US text of `kind` ('—' when it is missing or not a number). Not HTML-escaped.
 * money: $1,234.50; dollars: $1,235; compact-money: $1.23M; percent (of a fraction): 12.3%;
 * rate: a percentage keeping up to two decimals (a 6.25% tax rate).
 */
export function formatValue(value: unknown, kind: ValueKind): string {
  if (kind === 'text') return value === null || value === undefined ? '—' : String(value);
  const number = toNumber(value);
  if (number === undefined) return '—';
  const text = formatters[kind].format(number);
  return kind === 'seconds' ? `${text} s` : text;
}

/** A number from a number, a bigint or a numeric string (pg's numeric); undefined otherwise. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}
