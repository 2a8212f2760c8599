import type { Dialect } from '../warehouse/dialect';
import type { GenericTestName } from './compiled-project';

export interface GenericTestContext {
  /** The tested relation, already narrowed by the test's `where` when it has one. */
  from: string;
  /** The quoted column, for column tests. */
  column?: string;
  args: Record<string, unknown>;
  dialect: Dialect;
  /** Relations that template arguments (relationships' `to`) rendered to. */
  rendered: Record<string, string>;
}

export interface GenericTestDefinition {
  name: GenericTestName;
  needsColumn: boolean;
  /** Arguments written as templates (`"ref('dim_customers')"`), rendered by compile. */
  templateArgs: string[];
  validate(args: Record<string, unknown>): Array<{ problem: string; fix: string }>;
  /** Parts of the generated test name after the model and column (dbt's naming). */
  nameParts(args: Record<string, unknown>): string[];
  /** A SELECT of the failing rows. */
  sql(context: GenericTestContext): string;
  /**
   * For tests that look at one row at a time: an aggregate over the tested relation that is zero
   * exactly when `sql()` returns no rows, so the runner can fold a relation's tests into one scan
   * (a test whose aggregate is not zero then runs its own count, which is the figure reported).
   */
  scanCount?(context: Omit<GenericTestContext, 'from' | 'rendered'>): string;
}

const text = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/** Problems with a test's arguments: a required one missing, an unknown one given. */
export function only(args: Record<string, unknown>, allowed: string[], required: string[], example: string) {
  const problems: Array<{ problem: string; fix: string }> = [];
  for (const key of required) {
    if (args[key] === undefined) problems.push({ problem: `the argument "${key}" is missing`, fix: example });
  }
  for (const key of Object.keys(args)) {
    if (!allowed.includes(key)) {
      problems.push({
        problem: `unknown argument "${key}"`,
        fix: allowed.length > 0 ? `Use ${allowed.join(', ')}. ${example}` : 'This test takes no arguments.',
      });
    }
  }
  return problems;
}

export const GENERIC_TESTS: Record<string, GenericTestDefinition> = {
  unique: {
    name: 'unique',
    needsColumn: true,
    templateArgs: [],
    validate: (args) => only(args, [], [], ''),
    nameParts: () => [],
    sql: ({ from, column }) =>
      `select\n    ${column} as unique_field,\n    count(*) as n_records\nfrom ${from}\nwhere ${column} is not null\ngroup by ${column}\nhaving count(*) > 1`,
  },
  not_null: {
    name: 'not_null',
    needsColumn: true,
    templateArgs: [],
    validate: (args) => only(args, [], [], ''),
    nameParts: () => [],
    sql: ({ from, column }) => `select *\nfrom ${from}\nwhere ${column} is null`,
    scanCount: ({ column }) => `count(case when ${column} is null then 1 end)`,
  },
  accepted_values: {
    name: 'accepted_values',
    needsColumn: true,
    templateArgs: [],
    validate(args) {
      const example = "Write accepted_values: { values: ['a', 'b'] }.";
      const problems = only(args, ['values', 'quote'], ['values'], example);
      const values = args.values;
      const scalar = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v);
      if (values !== undefined && !(Array.isArray(values) && values.length > 0 && values.every(scalar))) {
        problems.push({ problem: 'values must be a non-empty list of values', fix: example });
      }
      if (args.quote !== undefined && typeof args.quote !== 'boolean') {
        problems.push({ problem: 'quote must be true or false', fix: 'Write quote: false for numbers.' });
      }
      if (args.quote === false && Array.isArray(values) && !values.every(isPlainNumber)) {
        problems.push({
          problem: 'with quote: false the values must be numbers or booleans',
          fix: 'Remove quote: false to compare text values.',
        });
      }
      return problems;
    },
    nameParts: (args) => (args.values as unknown[]).map(String),
    sql({ from, column, args, dialect }) {
      return `with all_values as (\n    select\n        ${column} as value_field,\n        count(*) as n_records\n    from ${from}\n    group by ${column}\n)\nselect *\nfrom all_values\nwhere value_field not in (${acceptedList(args, dialect)})`;
    },
    // The test returns one row per distinct value outside the list (null is never one); counting
    // rows instead is zero exactly as often and keeps the scan a plain (parallel) aggregate: a
    // count(distinct …) made PostgreSQL sort every row of the relation (issue 15: 1.4 s instead of
    // 0.24 s for the 21 guards of fct_order_items over 221,572 rows).
    scanCount: ({ column, args, dialect }) =>
      `count(case when ${column} not in (${acceptedList(args, dialect)}) then 1 end)`,
  },
  relationships: {
    name: 'relationships',
    needsColumn: true,
    templateArgs: ['to'],
    validate(args) {
      const example = `Write relationships: { to: "ref('dim_customers')", field: customer_id }.`;
      const problems = only(args, ['to', 'field'], ['to', 'field'], example);
      if (args.to !== undefined && !text(args.to))
        problems.push({ problem: 'to must be a ref() or source()', fix: example });
      if (args.field !== undefined && !text(args.field))
        problems.push({ problem: 'field must be a column name', fix: example });
      return problems;
    },
    nameParts: (args) => [String(args.field), String(args.to)],
    sql: ({ from, column, args, dialect, rendered }) =>
      `with child as (\n    select ${column} as from_field\n    from ${from}\n    where ${column} is not null\n),\n\nparent as (\n    select ${dialect.quoteIdentifier(String(args.field))} as to_field\n    from ${rendered.to}\n)\n\nselect from_field\nfrom child\nleft join parent\n    on child.from_field = parent.to_field\nwhere parent.to_field is null`,
  },
  expression_is_true: {
    name: 'expression_is_true',
    needsColumn: false,
    templateArgs: [],
    validate(args) {
      const example = 'Write expression_is_true: { expression: "order_total = subtotal + tax_paid" }.';
      const problems = only(args, ['expression'], ['expression'], example);
      if (args.expression !== undefined && !text(args.expression)) {
        problems.push({ problem: 'expression must be a SQL boolean expression', fix: example });
      }
      return problems;
    },
    nameParts: (args) => [String(args.expression)],
    // At column level too the expression stands alone (it names its columns itself).
    sql: ({ from, args }) => `select *\nfrom ${from}\nwhere not (${args.expression})`,
    scanCount: ({ args }) => `count(case when not (${args.expression}) then 1 end)`,
  },
};

function acceptedList(args: Record<string, unknown>, dialect: Dialect): string {
  return (args.values as unknown[])
    .map((value) => (args.quote === false ? String(value) : dialect.quoteLiteral(String(value))))
    .join(', ');
}

/** quote: false puts values in as written; only numbers and booleans may be, to keep SQL out. */
function isPlainNumber(value: unknown): boolean {
  return (
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))
  );
}
