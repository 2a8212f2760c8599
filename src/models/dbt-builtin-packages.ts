import type { DialectName } from '../warehouse/dialect';
import { dateDimension } from './dbt-date-dimension';
import { bindArgs, textArg } from './dbt-macro-args';

type Macro = (...args: unknown[]) => string;

export interface BuiltinPackageInput {
  dialect: DialectName;
  /** The `dbt.` macros, which the packages' macros are written with (as upstream). */
  dbt: Record<string, Macro>;
  /** var() of the project (`dbt_date:time_zone`, `surrogate_key_treat_nulls_as_empty_strings`). */
  variable(name: string, fallback: unknown): unknown;
}

/**
 * Integers 0 … count-1 as rows of column `n`: generate_series on PostgreSQL; on Redshift (where
 * generate_series runs on the leader node only) a cross join of ten digits, six times.
 */
function numbers(count: string, dialect: DialectName): string {
  if (dialect === 'postgres') return `select n from generate_series(0, (${count}) - 1) as numbers(n)`;
  const digits = [0, 1, 2, 3, 4, 5, 6].map(
    (i) =>
      `(select 0 as d union all select 1 union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9) p${i}`,
  );
  const n = [0, 1, 2, 3, 4, 5, 6].map((i) => `p${i}.d * ${10 ** i}`).join(' + ');
  return `select n from (select ${n} as n from ${digits.join(' cross join ')}) digits where n < (${count})`;
}

/**
 * A date spine [start, end) by datepart, as dbt_utils.date_spine: one row per period, column
 * `date_<datepart>`. dbt counts the periods with a query first; here the count is SQL, so nothing runs at compile.
 */
function dateSpine(input: BuiltinPackageInput, datepart: string, start: string, end: string): string {
  const { dbt } = input;
  const count = dbt.datediff?.(start, end, datepart) ?? '';
  return `select ${dbt.dateadd?.(datepart, 'spine.n', start)} as date_${datepart}\nfrom (${numbers(count, input.dialect)}) spine`;
}

/** dbt_utils' most used macros (dbt-labs/dbt-utils 1.x semantics). */
export function dbtUtilsMacros(input: BuiltinPackageInput): Record<string, Macro> {
  const { dbt } = input;
  return {
    generate_surrogate_key: (...args) => {
      const a = bindArgs(args, ['field_list'], 'dbt_utils.generate_surrogate_key');
      const fields = a.field_list;
      if (!Array.isArray(fields))
        throw new Error(
          "dbt_utils.generate_surrogate_key() takes a list of columns: generate_surrogate_key(['id', 'sku'])",
        );
      const empty = input.variable('surrogate_key_treat_nulls_as_empty_strings', false) === true;
      const nullValue = empty ? '' : '_dbt_utils_surrogate_key_null_';
      const parts = fields.flatMap((field, index) => [
        ...(index > 0 ? ["'-'"] : []),
        `coalesce(cast(${field} as ${dbt.type_string?.()}), '${nullValue}')`,
      ]);
      return dbt.hash?.(dbt.concat?.(parts) ?? '') ?? '';
    },
    date_spine: (...args) => {
      const a = bindArgs(args, ['datepart', 'start_date', 'end_date'], 'dbt_utils.date_spine');
      const spine = dateSpine(
        input,
        textArg(a, 'datepart', 'dbt_utils.date_spine'),
        textArg(a, 'start_date', 'dbt_utils.date_spine'),
        textArg(a, 'end_date', 'dbt_utils.date_spine'),
      );
      return `select * from (${spine}) all_periods`;
    },
  };
}

/** dbt_date's date helpers (godatadriven/dbt-date 0.x semantics), time zone from var('dbt_date:time_zone'). */
// long: one table of dbt_date's macros, each a line or two of SQL
export function dbtDateMacros(input: BuiltinPackageInput): Record<string, Macro> {
  const { dbt, dialect } = input;
  const zone = (tz: unknown) => String(tz ?? input.variable('dbt_date:time_zone', 'America/Los_Angeles'));
  const convert = (column: string, target: string, source = 'UTC') =>
    dialect === 'redshift'
      ? `convert_timezone('${source}', '${target}', cast(${column} as timestamp))`
      : `cast(cast(${column} as timestamp) at time zone '${source}' at time zone '${target}' as timestamp)`;
  const now = (tz?: unknown) => convert(dbt.current_timestamp?.() ?? 'now()', zone(tz));
  const today = (tz?: unknown) => `cast(${now(tz)} as date)`;
  // From `date` when given (dbt_date's yesterday(date)), else from today in the time zone.
  const daysAway = (n: unknown, tz?: unknown, date?: unknown) =>
    `cast(${dbt.dateadd?.('day', String(n), date ? String(date) : today(tz))} as date)`;
  const weekStart = (date: string, iso: boolean) =>
    iso
      ? `cast(${dbt.date_trunc?.('week', date)} as date)`
      : // date_trunc('week') starts on Monday: Sunday is the day before the Monday after.
        `cast(${dbt.dateadd?.('day', '-1', dbt.date_trunc?.('week', dbt.dateadd?.('day', '1', date) ?? '') ?? '')} as date)`;
  const datePart = (part: string, date: string) => `extract(${part} from ${date})`;
  const named =
    (names: string[], macro: string, body: (a: Record<string, unknown>) => string): Macro =>
    (...args) =>
      body(bindArgs(args, names, `dbt_date.${macro}`));
  const macros: Record<string, Macro> = {
    convert_timezone: named(['column', 'target_tz', 'source_tz'], 'convert_timezone', (a) =>
      convert(
        textArg(a, 'column', 'dbt_date.convert_timezone'),
        zone(a.target_tz),
        String(a.source_tz ?? 'UTC'),
      ),
    ),
    now: named(['tz'], 'now', (a) => now(a.tz)),
    today: named(['tz'], 'today', (a) => today(a.tz)),
    tomorrow: named(['date', 'tz'], 'tomorrow', (a) => daysAway(1, a.tz, a.date)),
    yesterday: named(['date', 'tz'], 'yesterday', (a) => daysAway(-1, a.tz, a.date)),
    n_days_ago: named(['n', 'date', 'tz'], 'n_days_ago', (a) => daysAway(-Number(a.n), a.tz, a.date)),
    n_days_away: named(['n', 'date', 'tz'], 'n_days_away', (a) => daysAway(Number(a.n), a.tz, a.date)),
    week_start: named(['date', 'tz'], 'week_start', (a) => weekStart(String(a.date ?? today(a.tz)), false)),
    week_end: named(['date', 'tz'], 'week_end', (a) =>
      daysAway(6, undefined, weekStart(String(a.date ?? today(a.tz)), false)),
    ),
    iso_week_start: named(['date', 'tz'], 'iso_week_start', (a) =>
      weekStart(String(a.date ?? today(a.tz)), true),
    ),
    iso_week_end: named(['date', 'tz'], 'iso_week_end', (a) =>
      daysAway(6, undefined, weekStart(String(a.date ?? today(a.tz)), true)),
    ),
    date_part: named(['datepart', 'date'], 'date_part', (a) =>
      datePart(textArg(a, 'datepart', 'dbt_date.date_part'), textArg(a, 'date', 'dbt_date.date_part')),
    ),
    day_of_month: named(
      ['date'],
      'day_of_month',
      (a) =>
        `cast(${datePart('day', textArg(a, 'date', 'dbt_date.day_of_month'))} as ${dbt.type_bigint?.()})`,
    ),
    day_of_year: named(
      ['date'],
      'day_of_year',
      (a) => `cast(${datePart('doy', textArg(a, 'date', 'dbt_date.day_of_year'))} as ${dbt.type_bigint?.()})`,
    ),
    day_of_week: named(['date', 'isoweek'], 'day_of_week', (a) => {
      const date = textArg(a, 'date', 'dbt_date.day_of_week');
      // isoweek (default): Monday = 1 … Sunday = 7; otherwise Sunday = 1 … Saturday = 7.
      return a.isoweek === false
        ? `cast(${datePart('dow', date)} + 1 as ${dbt.type_int?.()})`
        : `cast(${datePart('isodow', date)} as ${dbt.type_int?.()})`;
    }),
    day_name: named(
      ['date', 'short'],
      'day_name',
      (a) => `to_char(${textArg(a, 'date', 'dbt_date.day_name')}, '${a.short === false ? 'FMDay' : 'Dy'}')`,
    ),
    month_name: named(
      ['date', 'short'],
      'month_name',
      (a) =>
        `to_char(${textArg(a, 'date', 'dbt_date.month_name')}, '${a.short === false ? 'FMMonth' : 'Mon'}')`,
    ),
    week_of_year: named(
      ['date'],
      'week_of_year',
      (a) => `cast(to_char(${textArg(a, 'date', 'dbt_date.week_of_year')}, 'WW') as ${dbt.type_int?.()})`,
    ),
    iso_week_of_year: named(
      ['date'],
      'iso_week_of_year',
      (a) =>
        `cast(${datePart('week', textArg(a, 'date', 'dbt_date.iso_week_of_year'))} as ${dbt.type_int?.()})`,
    ),
    date_spine: named(['datepart', 'start_date', 'end_date'], 'date_spine', (a) =>
      dateSpine(
        input,
        textArg(a, 'datepart', 'dbt_date.date_spine'),
        textArg(a, 'start_date', 'dbt_date.date_spine'),
        textArg(a, 'end_date', 'dbt_date.date_spine'),
      ),
    ),
    get_base_dates: named(['start_date', 'end_date', 'n_dateparts', 'datepart'], 'get_base_dates', (a) => {
      const datepart = String(a.datepart ?? 'day');
      let start: string;
      let end: string;
      if (a.start_date && a.end_date) {
        start = `cast('${a.start_date}' as ${dbt.type_timestamp?.()})`;
        end = `cast('${a.end_date}' as ${dbt.type_timestamp?.()})`;
      } else if (a.n_dateparts && datepart) {
        start = dbt.dateadd?.(datepart, String(-1 * Number(a.n_dateparts)), today()) ?? '';
        end = daysAway(1);
      } else {
        throw new Error(
          'dbt_date.get_base_dates() needs start_date and end_date, or n_dateparts and datepart',
        );
      }
      const spine = dateSpine(input, datepart, start, end);
      return `select cast(d.date_${datepart} as ${dbt.type_timestamp?.()}) as date_${datepart}\nfrom (${spine}) d`;
    }),
  };
  macros.get_date_dimension = named(['start_date', 'end_date'], 'get_date_dimension', (a) =>
    dateDimension(
      { dbt, date: macros },
      textArg(a, 'start_date', 'dbt_date.get_date_dimension'),
      textArg(a, 'end_date', 'dbt_date.get_date_dimension'),
    ),
  );
  return macros;
}
