type Macro = (...args: unknown[]) => string;

/** The dbt. and dbt_date. macros a date dimension is written with. */
export interface DateDimensionMacros {
  dbt: Record<string, Macro>;
  date: Record<string, Macro>;
}

const keywords = (values: Record<string, unknown>) => ({ ...values, __keywords: true });

/**
 * dbt_date.get_date_dimension(start_date, end_date): one row per day of [start, end), with the
 * columns and SQL of dbt-date 0.x's macro (weeks start on Sunday, ISO weeks on Monday).
 */
export function dateDimension(m: DateDimensionMacros, start: string, end: string): string {
  const { dbt, date } = m;
  const call = (name: string, ...args: unknown[]) => (date[name] as Macro)(...args);
  const int = dbt.type_int?.();
  const part = (p: string, column = 'd.date_day') => `cast(${call('date_part', p, column)} as ${int})`;
  const trunc = (p: string, column = 'd.date_day') => `cast(${dbt.date_trunc?.(p, column)} as date)`;
  const columns: Array<[string, string]> = [
    ['date_day', 'd.date_day'],
    ['prior_date_day', call('yesterday', 'd.date_day')],
    ['next_date_day', call('tomorrow', 'd.date_day')],
    ['prior_year_date_day', 'd.prior_year_date_day'],
    ['prior_year_over_year_date_day', 'd.prior_year_over_year_date_day'],
    ['day_of_week', call('day_of_week', 'd.date_day', keywords({ isoweek: false }))],
    ['day_of_week_iso', call('day_of_week', 'd.date_day', keywords({ isoweek: true }))],
    ['day_of_week_name', call('day_name', 'd.date_day', keywords({ short: false }))],
    ['day_of_week_name_short', call('day_name', 'd.date_day', keywords({ short: true }))],
    ['day_of_month', call('day_of_month', 'd.date_day')],
    ['day_of_year', call('day_of_year', 'd.date_day')],
    ['week_start_date', call('week_start', 'd.date_day')],
    ['week_end_date', call('week_end', 'd.date_day')],
    ['prior_year_week_start_date', call('week_start', 'd.prior_year_over_year_date_day')],
    ['prior_year_week_end_date', call('week_end', 'd.prior_year_over_year_date_day')],
    ['week_of_year', call('week_of_year', 'd.date_day')],
    ['iso_week_start_date', call('iso_week_start', 'd.date_day')],
    ['iso_week_end_date', call('iso_week_end', 'd.date_day')],
    ['prior_year_iso_week_start_date', call('iso_week_start', 'd.prior_year_over_year_date_day')],
    ['prior_year_iso_week_end_date', call('iso_week_end', 'd.prior_year_over_year_date_day')],
    ['iso_week_of_year', call('iso_week_of_year', 'd.date_day')],
    ['prior_year_week_of_year', call('week_of_year', 'd.prior_year_over_year_date_day')],
    ['prior_year_iso_week_of_year', call('iso_week_of_year', 'd.prior_year_over_year_date_day')],
    ['month_of_year', part('month')],
    ['month_name', call('month_name', 'd.date_day', keywords({ short: false }))],
    ['month_name_short', call('month_name', 'd.date_day', keywords({ short: true }))],
    ['month_start_date', trunc('month')],
    ['month_end_date', `cast(${dbt.last_day?.('d.date_day', 'month')} as date)`],
    ['prior_year_month_start_date', trunc('month', 'd.prior_year_date_day')],
    ['prior_year_month_end_date', `cast(${dbt.last_day?.('d.prior_year_date_day', 'month')} as date)`],
    ['quarter_of_year', part('quarter')],
    ['quarter_start_date', trunc('quarter')],
    ['quarter_end_date', `cast(${dbt.last_day?.('d.date_day', 'quarter')} as date)`],
    ['year_number', part('year')],
    ['year_start_date', trunc('year')],
    ['year_end_date', `cast(${dbt.last_day?.('d.date_day', 'year')} as date)`],
  ];
  return `with base_dates as (
    ${call('get_base_dates', keywords({ start_date: start, end_date: end }))}
),
dates_with_prior_year_dates as (
    select
        cast(d.date_day as date) as date_day,
        cast(${dbt.dateadd?.('year', '-1', 'd.date_day')} as date) as prior_year_date_day,
        cast(${dbt.dateadd?.('day', '-364', 'd.date_day')} as date) as prior_year_over_year_date_day
    from base_dates d
)
select
    ${columns.map(([name, sql]) => `${sql} as ${name}`).join(',\n    ')}
from dates_with_prior_year_dates d
order by 1`;
}
