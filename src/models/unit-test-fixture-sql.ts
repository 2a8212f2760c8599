import type { Dialect } from '../warehouse/dialect';
import { identifierProblem } from './sql-checks';
import type { FixtureRow } from './unit-test-spec';

/**
 * The rows as records of the relation's own row type (PostgreSQL): each column typed as in the
 * warehouse, the ones a row leaves out null, values read by the column type's input function.
 */
export function rowsOfRelationSql(rows: FixtureRow[], relation: string, dialect: Dialect): string {
  return `select * from json_populate_recordset(null::${relation}, ${dialect.quoteLiteral(JSON.stringify(rows))})`;
}

/**
 * The fixture rows as a SELECT of typed literals (`union all`): a column's type is the one
 * declared for it, else inferred from its values. No rows: an empty SELECT of the declared columns.
 */
export function fixtureSql(
  rows: FixtureRow[],
  declared: Array<{ name: string; type?: string }>,
  dialect: Dialect,
  report: (problem: string, fix: string) => void,
): string | undefined {
  const declaredType = new Map(declared.map((column) => [column.name, column.type]));
  const columns =
    rows.length > 0 ? [...new Set(rows.flatMap((row) => Object.keys(row)))] : declared.map((c) => c.name);
  if (columns.length === 0) {
    report(
      'an input without rows needs its columns declared in YAML',
      'Give one row, or declare the columns of the input.',
    );
    return undefined;
  }
  for (const column of columns) {
    const bad = identifierProblem(dialect, column, 'fixture column');
    if (bad) return void report(bad.problem, bad.fix);
  }
  const types = new Map(
    columns.map((column) => {
      const values = rows.map((row) => row[column]);
      const type = declaredType.get(column) ?? inferType(values);
      const present = values.filter((value) => value !== null && value !== undefined).map(String);
      return [column, dialect.literalColumnType(type, present)];
    }),
  );
  const select = (row: FixtureRow | undefined) =>
    `select ${columns.map((column) => `cast(${literal(row?.[column], dialect)} as ${types.get(column)}) as ${dialect.quoteIdentifier(column)}`).join(', ')}`;
  if (rows.length === 0) return `${select(undefined)} where 1 = 0`;
  return rows.map(select).join('\nunion all\n');
}

function inferType(values: unknown[]): string {
  const present = values.filter((value) => value !== null && value !== undefined);
  if (present.length === 0) return 'text';
  if (present.every((value) => typeof value === 'boolean')) return 'boolean';
  if (present.every((value) => typeof value === 'number' && Number.isInteger(value))) {
    return present.every((value) => Math.abs(value as number) < 2 ** 31) ? 'integer' : 'bigint';
  }
  if (present.every((value) => typeof value === 'number')) return 'numeric';
  return 'text';
}

function literal(value: unknown, dialect: Dialect): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return dialect.quoteLiteral(String(value));
}
