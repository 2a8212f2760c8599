import type { DialectName } from '../warehouse/dialect';
import { bindArgs, textArg } from './dbt-macro-args';

type Macro = (...args: unknown[]) => string;

/** SQL type names per engine: dbt-postgres' Column labels; Redshift's varchar(max) since bare varchar is varchar(256). */
const TYPES: Record<DialectName, Record<string, string>> = {
  postgres: {
    string: 'text',
    timestamp: 'timestamp',
    float: 'float',
    numeric: 'numeric(28,6)',
    bigint: 'bigint',
    int: 'integer',
    boolean: 'boolean',
  },
  redshift: {
    string: 'varchar(max)',
    timestamp: 'timestamp',
    float: 'float8',
    numeric: 'numeric(28,6)',
    bigint: 'bigint',
    int: 'integer',
    boolean: 'boolean',
  },
};

/**
 * dbt's cross-database macros (`{{ dbt.date_trunc('day', 'ordered_at') }}`), as dbt-postgres and
 * dbt-redshift spell them. Arguments are SQL text, as in dbt: `dateadd('day', -1, 'ordered_at')`.
 */
// long: one table of dbt's 20 cross-database macros, each a line or two of SQL per engine
export function crossDbMacros(dialect: DialectName): Record<string, Macro> {
  const redshift = dialect === 'redshift';
  const macro =
    (name: string, params: string[], body: (a: Record<string, unknown>) => string): Macro =>
    (...args) =>
      body(bindArgs(args, params, `dbt.${name}`));
  const text = (a: Record<string, unknown>, name: string, macroName: string) => textArg(a, name, macroName);
  const macros: Record<string, Macro> = {
    date_trunc: macro(
      'date_trunc',
      ['datepart', 'date'],
      (a) => `date_trunc('${text(a, 'datepart', 'dbt.date_trunc')}', ${text(a, 'date', 'dbt.date_trunc')})`,
    ),
    dateadd: macro('dateadd', ['datepart', 'interval', 'from_date_or_timestamp'], (a) => {
      const [part, interval, from] = ['datepart', 'interval', 'from_date_or_timestamp'].map((n) =>
        text(a, n, 'dbt.dateadd'),
      );
      return redshift
        ? `dateadd(${part}, ${interval}, ${from})`
        : `${from} + ((interval '1 ${part}') * (${interval}))`;
    }),
    datediff: macro('datediff', ['first_date', 'second_date', 'datepart'], (a) =>
      datediff(
        text(a, 'first_date', 'dbt.datediff'),
        text(a, 'second_date', 'dbt.datediff'),
        text(a, 'datepart', 'dbt.datediff').toLowerCase(),
        redshift,
      ),
    ),
    last_day: macro('last_day', ['date', 'datepart'], (a) => {
      const date = text(a, 'date', 'dbt.last_day');
      const part = text(a, 'datepart', 'dbt.last_day');
      const truncated = macros.date_trunc?.(part, date) ?? '';
      // As dbt-postgres: PostgreSQL has no '1 quarter' interval, so a quarter is three months.
      const next =
        !redshift && part.toLowerCase() === 'quarter'
          ? (macros.dateadd?.('month', '3', truncated) ?? '')
          : (macros.dateadd?.(part, '1', truncated) ?? '');
      return `cast(${macros.dateadd?.('day', '-1', next)} as date)`;
    }),
    safe_cast: macro(
      'safe_cast',
      ['field', 'type'],
      (a) => `cast(${text(a, 'field', 'dbt.safe_cast')} as ${text(a, 'type', 'dbt.safe_cast')})`,
    ),
    concat: macro('concat', ['fields'], (a) => {
      const fields = a.fields;
      if (!Array.isArray(fields)) throw new Error('dbt.concat() takes a list of SQL expressions');
      return fields.join(' || ');
    }),
    hash: macro(
      'hash',
      ['field'],
      (a) => `md5(cast(${text(a, 'field', 'dbt.hash')} as ${TYPES[dialect].string}))`,
    ),
    split_part: macro('split_part', ['string_text', 'delimiter_text', 'part_number'], (a) => {
      const [value, delimiter, part] = ['string_text', 'delimiter_text', 'part_number'].map((n) =>
        text(a, n, 'dbt.split_part'),
      );
      return `split_part(${value}, ${delimiter}, ${part})`;
    }),
    listagg: macro('listagg', ['measure', 'delimiter_text', 'order_by_clause', 'limit_num'], (a) => {
      const measure = text(a, 'measure', 'dbt.listagg');
      const delimiter =
        a.delimiter_text === undefined || a.delimiter_text === null ? "','" : String(a.delimiter_text);
      const order = a.order_by_clause ? ` ${a.order_by_clause}` : '';
      if (redshift)
        return `listagg(${measure}, ${delimiter})${order ? ` within group (${order.trim()})` : ''}`;
      if (a.limit_num !== undefined && a.limit_num !== null)
        return `array_to_string((array_agg(${measure}${order}))[1:${Number(a.limit_num)}], ${delimiter})`;
      return `string_agg(${measure}, ${delimiter}${order})`;
    }),
    current_timestamp: macro('current_timestamp', [], () => (redshift ? 'getdate()' : 'now()')),
    cast_bool_to_text: macro('cast_bool_to_text', ['field'], (a) => {
      const field = text(a, 'field', 'dbt.cast_bool_to_text');
      return redshift
        ? `case when ${field} then 'true' when ${field} is null then null else 'false' end`
        : `cast(${field} as ${TYPES[dialect].string})`;
    }),
    any_value: macro('any_value', ['expression'], (a) =>
      redshift
        ? `any_value(${text(a, 'expression', 'dbt.any_value')})`
        : `min(${text(a, 'expression', 'dbt.any_value')})`,
    ),
    bool_or: macro('bool_or', ['expression'], (a) => `bool_or(${text(a, 'expression', 'dbt.bool_or')})`),
    replace: macro(
      'replace',
      ['field', 'old_chars', 'new_chars'],
      (a) =>
        `replace(${['field', 'old_chars', 'new_chars'].map((n) => text(a, n, 'dbt.replace')).join(', ')})`,
    ),
    length: macro(
      'length',
      ['expression'],
      (a) => `${redshift ? 'len' : 'length'}(\n        ${text(a, 'expression', 'dbt.length')}\n    )`,
    ),
    position: macro(
      'position',
      ['substring_text', 'string_text'],
      (a) =>
        `position(\n        ${text(a, 'substring_text', 'dbt.position')} in ${text(a, 'string_text', 'dbt.position')}\n    )`,
    ),
    right: macro(
      'right',
      ['string_text', 'length_expression'],
      (a) =>
        `right(\n        ${text(a, 'string_text', 'dbt.right')},\n        ${text(a, 'length_expression', 'dbt.right')}\n    )`,
    ),
    escape_single_quotes: macro('escape_single_quotes', ['expression'], (a) =>
      text(a, 'expression', 'dbt.escape_single_quotes').replace(/'/g, "''"),
    ),
    string_literal: macro('string_literal', ['value'], (a) => `'${text(a, 'value', 'dbt.string_literal')}'`),
  };
  for (const [name, type] of Object.entries(TYPES[dialect])) {
    macros[`type_${name}`] = macro(`type_${name}`, [], () => type);
  }
  return macros;
}

/** dbt-postgres' datediff: calendar boundaries crossed, as Redshift's DATEDIFF counts them. */
function datediff(first: string, second: string, part: string, redshift: boolean): string {
  if (redshift) return `datediff(${part}, ${first}, ${second})`;
  const datePart = (p: string, value: string, cast: string) => `date_part('${p}', (${value})::${cast})`;
  const years = `(${datePart('year', second, 'date')} - ${datePart('year', first, 'date')})`;
  const days = `((${second})::date - (${first})::date)`;
  const within = (base: string, factor: number, p: string) =>
    `(${base} * ${factor} + ${datePart(p, second, 'timestamp')} - ${datePart(p, first, 'timestamp')})`;
  switch (part) {
    case 'year':
      return years;
    case 'quarter':
      return `(${years} * 4 + ${datePart('quarter', second, 'date')} - ${datePart('quarter', first, 'date')})`;
    case 'month':
      return `(${years} * 12 + ${datePart('month', second, 'date')} - ${datePart('month', first, 'date')})`;
    case 'day':
      return days;
    case 'week':
      return `(${days} / 7 + case when ${datePart('dow', first, 'timestamp')} <= ${datePart('dow', second, 'timestamp')} then case when ${first} <= ${second} then 0 else -1 end else case when ${first} <= ${second} then 1 else 0 end end)`;
    case 'hour':
      return within(days, 24, 'hour');
    case 'minute':
      return within(within(days, 24, 'hour'), 60, 'minute');
    case 'second':
      return within(within(within(days, 24, 'hour'), 60, 'minute'), 60, 'second');
    default:
      throw new Error(
        `dbt.datediff() does not know the date part "${part}": use year, quarter, month, week, day, hour, minute or second`,
      );
  }
}
