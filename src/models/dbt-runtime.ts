import type { DialectName } from '../warehouse/dialect';
import type { CompileProblem } from './compile-error';
import type { CompiledProject, ModelNode } from './compiled-project';
import { bindArgs } from './dbt-macro-args';
import { environment, Relation } from './template-renderer';

/**
 * dbt runs `run_query`, `statement`, `load_result` and the adapter's introspection when it
 * compiles a node just before running it (`execute` true); at parse they do nothing. Rendering is
 * synchronous (nunjucks), so a node is compiled at run time by rendering it with the answers known
 * so far: each query not yet answered is recorded (and gets an empty result), the runner runs
 * them, and the node is rendered again until every query it makes is answered.
 */

/** A query's result as the runner hands it back: column names and rows by name. */
export interface QueryAnswer {
  fields: string[];
  rows: Array<Record<string, unknown>>;
}

/** The answers known while a node is compiled at run time, and the queries still to run. */
export interface RuntimeSession {
  answers: Map<string, QueryAnswer>;
  misses: string[];
  /** `{% call statement('name') %}` results, for load_result('name'). */
  statements: Map<string, unknown>;
}

/** Renders one model (by unique id) with `execute` true; its SQL, or the problems met. */
export type RuntimeCompiler = (
  uniqueId: string,
  session: RuntimeSession,
) => {
  problems: CompileProblem[];
  model?: Pick<ModelNode, 'compiledSql' | 'bodyOffset' | 'incrementalSql' | 'incrementalBodyOffset'>;
};

// Kept beside the project, not in it: a compiled project stays plain data (printed, serialized).
const compilers = new WeakMap<CompiledProject, RuntimeCompiler>();

export function setRuntimeCompiler(project: CompiledProject, compiler: RuntimeCompiler): void {
  compilers.set(project, compiler);
}

/** How the project's models that query the warehouse are compiled at run time (none: no such model). */
export function runtimeCompiler(project: CompiledProject): RuntimeCompiler | undefined {
  return project.models.some((model) => model.compiledAtRunTime) ? compilers.get(project) : undefined;
}

let session: RuntimeSession | undefined;
let tracker: { touched: boolean } | undefined;

// `execute` is read through the environment's globals (never copied into a context), so one
// getter tells every template and macro whether the node is being compiled at run time, and
// reading it marks the node as one that must be.
Object.defineProperty((environment as unknown as { globals: object }).globals, 'execute', {
  enumerable: true,
  get: () => {
    markRuntime();
    return session !== undefined;
  },
});

/** Marks the template being rendered as one that depends on the warehouse (compiled again at run time). */
export function markRuntime(): void {
  if (tracker) tracker.touched = true;
}

/** Runs `render` and says whether it read `execute` or called a run-time function. */
export function trackRuntime<T>(render: () => T): { value: T; runtime: boolean } {
  const outer = tracker;
  tracker = { touched: false };
  try {
    const value = render();
    return { value, runtime: tracker.touched };
  } finally {
    tracker = outer;
  }
}

/** Runs `render` with `execute` true, the queries answered from `current`. */
export function withRuntimeSession<T>(current: RuntimeSession, render: () => T): T {
  const outer = session;
  session = current;
  try {
    return render();
  } finally {
    session = outer;
  }
}

/** Runs a query in the current session: its answer, or an empty result and the query recorded. */
export function runtimeQuery(sql: string): QueryAnswer | undefined {
  markRuntime();
  if (!session) return undefined;
  const key = sql.trim();
  const known = session.answers.get(key);
  if (known) return known;
  if (!session.misses.includes(key)) session.misses.push(key);
  return { fields: [], rows: [] };
}

export function isCompilingAtRunTime(): boolean {
  return session !== undefined;
}

/**
 * An agate table as dbt's run_query returns it: iterable rows (each indexable by position and by
 * column name), `rows`, `columns` (each with `values()`, also by name) and `column_names`.
 */
export class AgateTable extends Array<unknown[]> {
  rows: unknown[][] = [];
  columns: AgateColumn[] = [];
  column_names: string[] = [];
}

/**
 * A column: its values, with `name` and `values()`. An array, not a plain object: nunjucks' Jinja
 * compatibility answers `values()` on a plain object with the object's own values.
 */
export class AgateColumn extends Array<unknown> {
  name = '';

  // Jinja templates index it (`values()[0]`): a list, where an array's own values() is an iterator.
  override values(): IterableIterator<unknown> {
    return [...this] as unknown as IterableIterator<unknown>;
  }
}

export function agateTable(answer: QueryAnswer): AgateTable {
  const table = new AgateTable();
  table.column_names = answer.fields;
  for (const record of answer.rows) {
    const row = Object.assign(
      answer.fields.map((field) => record[field]),
      record,
    );
    table.push(row);
    table.rows.push(row);
  }
  const columns = answer.fields.map((name) => {
    const column = new AgateColumn();
    column.name = name;
    for (const row of answer.rows) column.push(row[name]);
    return column;
  });
  table.columns = Object.assign(columns, Object.fromEntries(columns.map((column) => [column.name, column])));
  return table;
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** What the introspection queries read: information_schema on PostgreSQL, the SVV_ views on Redshift (late-binding views included). */
function catalog(dialect: DialectName) {
  const redshift = dialect === 'redshift';
  return {
    columns: (schema: string, table: string) =>
      `select column_name, data_type, character_maximum_length, numeric_precision, numeric_scale from ${redshift ? 'svv_columns' : 'information_schema.columns'} where table_schema = ${literal(schema)} and table_name = ${literal(table)} order by ordinal_position`,
    relation: (schema: string, table: string) =>
      `select table_schema, table_name, table_type from ${redshift ? 'svv_tables' : 'information_schema.tables'} where table_schema = ${literal(schema)} and table_name = ${literal(table)}`,
  };
}

/** dbt's Column: `name`, `quoted`, `data_type` (with its size, as dbt-postgres prints it), `dtype`. */
function column(row: Record<string, unknown>) {
  const name = String(row.column_name);
  const dtype = String(row.data_type);
  const size = row.character_maximum_length;
  const precision = row.numeric_precision;
  let dataType = dtype;
  if (/^character varying$|^character$/.test(dtype) && size != null) dataType = `${dtype}(${size})`;
  else if (dtype === 'numeric' && precision != null)
    dataType = `numeric(${precision},${row.numeric_scale ?? 0})`;
  return {
    name,
    column: name,
    quoted: quote(name),
    dtype,
    data_type: dataType,
    char_size: size ?? null,
    numeric_precision: precision ?? null,
    numeric_scale: row.numeric_scale ?? null,
    is_string: () => /char|text/.test(dtype),
    is_number: () => /int|numeric|double|real|float|decimal/.test(dtype),
    is_numeric: () => /numeric|decimal/.test(dtype),
    is_integer: () => /int/.test(dtype),
    is_float: () => /double|real|float/.test(dtype),
  };
}

export type DbtColumn = ReturnType<typeof column>;

function relationParts(relation: unknown, caller: string): { schema: string; identifier: string } {
  const value = relation as { schema?: unknown; identifier?: unknown } | null | undefined;
  if (typeof value?.schema === 'string' && typeof value.identifier === 'string')
    return { schema: value.schema, identifier: value.identifier };
  throw new Error(`${caller} takes a relation (ref(), source() or this), got ${JSON.stringify(relation)}`);
}

/** The run-time globals: run_query, statement, load_result and the adapter's introspection. */
export function runtimeGlobals(dialect: DialectName) {
  const sqlOf = catalog(dialect);
  const getColumns = (relation: unknown): DbtColumn[] => {
    const { schema, identifier } = relationParts(relation, 'adapter.get_columns_in_relation()');
    return (runtimeQuery(sqlOf.columns(schema, identifier))?.rows ?? []).map(column);
  };
  const getRelation = (...args: unknown[]): Relation | null => {
    const a = bindArgs(args, ['database', 'schema', 'identifier'], 'adapter.get_relation');
    const [schema, identifier] = [String(a.schema), String(a.identifier)];
    const found = runtimeQuery(sqlOf.relation(schema, identifier))?.rows[0];
    if (!found) return null;
    return new Relation(schema, identifier, `${quote(schema)}.${quote(identifier)}`);
  };
  const statement = (...args: unknown[]) => {
    const a = bindArgs(args, ['name', 'fetch_result', 'auto_begin', 'language', 'caller'], 'statement');
    markRuntime();
    if (!session) return '';
    // `{% call statement('name') %}sql{% endcall %}`: nunjucks passes the block as `caller`.
    const sql = String(typeof a.caller === 'function' ? (a.caller as () => unknown)() : '');
    const answer = runtimeQuery(sql) ?? { fields: [], rows: [] };
    if (typeof a.name === 'string') {
      const table = agateTable(answer);
      session.statements.set(a.name, {
        table,
        data: table.rows.map((row) => [...row]),
        response: { rows_affected: answer.rows.length, code: 'SELECT' },
      });
    }
    return '';
  };
  return {
    run_query: (sql: unknown) => {
      const answer = runtimeQuery(String(sql));
      return answer ? agateTable(answer) : null;
    },
    statement,
    load_result: (name: unknown) => {
      markRuntime();
      return session?.statements.get(String(name)) ?? null;
    },
    adapter: {
      get_columns_in_relation: getColumns,
      get_relation: getRelation,
      quote: (name: unknown) => quote(String(name)),
    },
  };
}
