import type { Dialect } from '../warehouse/dialect';
import { type GenericTestDefinition, only } from './generic-tests';

type Args = Record<string, unknown>;

function column(args: Args, key: string, dialect: Dialect, fallback?: string): string {
  const value = args[key];
  return typeof value === 'string' ? dialect.quoteIdentifier(value) : (fallback ?? '');
}

function define(
  name: string,
  spec: {
    needsColumn: boolean;
    allowed: string[];
    required: string[];
    example: string;
    templateArgs?: string[];
    parts?: (args: Args) => string[];
    sql: GenericTestDefinition['sql'];
  },
): GenericTestDefinition {
  return {
    name: `dbt_utils_${name}`,
    needsColumn: spec.needsColumn,
    templateArgs: spec.templateArgs ?? [],
    validate: (args) => only(args, spec.allowed, spec.required, spec.example),
    nameParts: spec.parts ?? ((args) => Object.values(args).map(String)),
    sql: spec.sql,
  };
}

/**
 * dbt_utils' generic tests, as `dbt_utils.<name>` in YAML (dbt-labs/dbt-utils 1.x semantics): each
 * compiles to a SELECT of the failing rows, like the built-in tests.
 */
export const DBT_UTILS_TESTS: Record<string, GenericTestDefinition> = {
  'dbt_utils.expression_is_true': define('expression_is_true', {
    needsColumn: false,
    allowed: ['expression'],
    required: ['expression'],
    example: 'Write dbt_utils.expression_is_true: { expression: "order_total = subtotal + tax_paid" }.',
    // Under a column, dbt_utils puts the column in front: `where not (<column> <expression>)`.
    sql: ({ from, column: col, args }) =>
      `select *\nfrom ${from}\nwhere not (${col ? `${col} ` : ''}${args.expression})`,
  }),
  'dbt_utils.accepted_range': define('accepted_range', {
    needsColumn: true,
    allowed: ['min_value', 'max_value', 'inclusive'],
    required: [],
    example: 'Write dbt_utils.accepted_range: { min_value: 0, max_value: 100 }.',
    sql: ({ from, column: col, args }) => {
      const equal = args.inclusive === false ? '' : '=';
      const conditions = [
        ...(args.min_value !== undefined ? [`not ${col} >${equal} ${args.min_value}`] : []),
        ...(args.max_value !== undefined ? [`not ${col} <${equal} ${args.max_value}`] : []),
      ];
      return `select *\nfrom ${from}\nwhere 1 = 2${conditions.map((c) => `\n    or ${c}`).join('')}`;
    },
  }),
  'dbt_utils.unique_combination_of_columns': define('unique_combination_of_columns', {
    needsColumn: false,
    allowed: ['combination_of_columns', 'quote_columns'],
    required: ['combination_of_columns'],
    example: 'Write dbt_utils.unique_combination_of_columns: { combination_of_columns: [id, sku] }.',
    parts: (args) => (args.combination_of_columns as string[]).map(String),
    sql: ({ from, args, dialect }) => {
      const columns = (args.combination_of_columns as string[])
        .map((c) => (args.quote_columns === true ? dialect.quoteIdentifier(c) : c))
        .join(', ');
      return `select ${columns}, count(*) as n_records\nfrom ${from}\ngroup by ${columns}\nhaving count(*) > 1`;
    },
  }),
  'dbt_utils.not_null_proportion': define('not_null_proportion', {
    needsColumn: true,
    allowed: ['at_least', 'at_most'],
    required: ['at_least'],
    example: 'Write dbt_utils.not_null_proportion: { at_least: 0.95 }.',
    sql: ({ from, column: col, args }) =>
      `select not_null_proportion\nfrom (\n    select sum(case when ${col} is null then 0 else 1 end) / cast(count(*) as numeric) as not_null_proportion\n    from ${from}\n) validation\nwhere not_null_proportion < ${Number(args.at_least)} or not_null_proportion > ${Number(args.at_most ?? 1)}`,
  }),
  'dbt_utils.recency': define('recency', {
    needsColumn: false,
    allowed: ['datepart', 'field', 'interval', 'ignore_time_component'],
    required: ['datepart', 'field', 'interval'],
    example: 'Write dbt_utils.recency: { datepart: day, field: ordered_at, interval: 1 }.',
    sql: ({ from, args, dialect }) => {
      const field = column(args, 'field', dialect);
      const now = dialect.name === 'redshift' ? 'getdate()' : 'now()';
      const threshold = `cast(${now} as timestamp) - interval '${Number(args.interval)} ${String(args.datepart)}'`;
      return `select most_recent, ${threshold} as threshold\nfrom (select max(cast(${field} as timestamp)) as most_recent from ${from}) recency\nwhere most_recent < ${threshold} or most_recent is null`;
    },
  }),
  'dbt_utils.equal_rowcount': define('equal_rowcount', {
    needsColumn: false,
    allowed: ['compare_model'],
    required: ['compare_model'],
    example: "Write dbt_utils.equal_rowcount: { compare_model: ref('other_model') }.",
    templateArgs: ['compare_model'],
    sql: ({ from, rendered }) =>
      `select diff_count\nfrom (select (select count(*) from ${from}) - (select count(*) from ${rendered.compare_model}) as diff_count) counts\nwhere diff_count <> 0`,
  }),
  'dbt_utils.at_least_one': define('at_least_one', {
    needsColumn: true,
    allowed: [],
    required: [],
    example: '',
    sql: ({ from, column: col }) =>
      `select count(${col}) as filler_column\nfrom ${from}\nhaving count(${col}) = 0`,
  }),
  'dbt_utils.not_constant': define('not_constant', {
    needsColumn: true,
    allowed: [],
    required: [],
    example: '',
    sql: ({ from, column: col }) =>
      `select count(distinct ${col}) as filler_column\nfrom ${from}\nhaving count(distinct ${col}) = 1`,
  }),
  'dbt_utils.relationships_where': define('relationships_where', {
    needsColumn: true,
    allowed: ['to', 'field', 'from_condition', 'to_condition'],
    required: ['to', 'field'],
    example:
      "Write dbt_utils.relationships_where: { to: ref('customers'), field: id, from_condition: 'id > 0' }.",
    templateArgs: ['to'],
    parts: (args) => [String(args.field), String(args.to)],
    sql: ({ from, column: col, args, dialect, rendered }) =>
      `with left_table as (\n    select ${col} as id\n    from ${from}\n    where ${col} is not null and ${args.from_condition ?? '1=1'}\n),\n\nright_table as (\n    select ${column(args, 'field', dialect)} as id\n    from ${rendered.to}\n    where ${column(args, 'field', dialect)} is not null and ${args.to_condition ?? '1=1'}\n)\n\nselect left_table.id\nfrom left_table\nleft join right_table on left_table.id = right_table.id\nwhere right_table.id is null`,
  }),
};
