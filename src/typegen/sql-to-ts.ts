/**
 * Which JavaScript value a column of a SQL type arrives as, for the two readers of the warehouse:
 * - `rows`: the `sql` template and the KPIs, which turn numeric and bigint into numbers;
 * - `driver`: node-postgres as configured (metric dimensions): numeric and bigint stay text.
 * Dates and timestamps without a time zone are ISO text (warehouse/local-time-types.ts);
 * timestamptz is a Date. An unknown type is `unknown`, so a cell must say what it expects.
 */
export type ValueReader = 'rows' | 'driver';

const TEXT = /^(text|character varying|varchar|character|char|bpchar|uuid|name|citext)\b/;
const SMALL_INTEGER = /^(smallint|integer|int|int2|int4|serial)\b/;
const BIG_NUMBER = /^(bigint|int8|numeric|decimal|bigserial)\b/;
const FLOAT = /^(real|double precision|float4|float8|float)\b/;
const LOCAL_TIME = /^(date|timestamp(\(\d\))?( without time zone)?|time)$/;
const INSTANT = /^(timestamptz|timestamp(\(\d\))? with time zone)$/;

export function tsTypeOf(sqlType: string | undefined, reader: ValueReader): string {
  if (!sqlType) return 'unknown';
  const type = sqlType.trim().toLowerCase();
  if (TEXT.test(type)) return 'string';
  if (SMALL_INTEGER.test(type) || FLOAT.test(type)) return 'number';
  if (BIG_NUMBER.test(type)) return reader === 'rows' ? 'number' : 'string';
  if (type === 'boolean' || type === 'bool') return 'boolean';
  if (LOCAL_TIME.test(type)) return 'string';
  if (INSTANT.test(type)) return 'Date';
  return 'unknown';
}

/** `fct_orders` → `FctOrders`, `product_performance` → `ProductPerformance`. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A property name as TypeScript accepts it: bare when it is an identifier, else quoted. */
export function propertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}
