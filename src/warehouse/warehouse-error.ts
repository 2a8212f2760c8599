/** The fields node-postgres' DatabaseError carries (typed structurally, so any driver fits). */
interface DatabaseErrorLike {
  message?: string;
  code?: string;
  position?: string;
  hint?: string;
  detail?: string;
  where?: string;
  severity?: string;
}

/**
 * The statement that failed and where the node's compiled SQL sits in it, to map an error position
 * back to the file. Declared here so the warehouse layer does not depend on the runner (the
 * runner's SourcedStatement fits it as is).
 */
export interface SourcedStatement {
  sql: string;
  body?: { offset: number; file: string; line: number; preservesLines: boolean };
}

export interface ErrorLocation {
  file: string;
  /** 1-based line in the file (for a YAML test, the test's declaration). */
  line: number;
  /** 1-based line and column in the compiled SQL. */
  compiledLine: number;
  column: number;
  /** The compiled SQL line the position falls on. */
  sqlLine: string;
  /** True when compiled line n is file line n, so `line` is the exact line of the error. */
  exact: boolean;
}

/**
 * A statement that failed in the warehouse, without losing pg's context (`code`, `position`,
 * `hint`, `detail`), the position mapped back to the model file and line, and a message that says
 * what happened, why, and how to fix it.
 */
export class WarehouseError extends Error {
  readonly code?: string;
  readonly position?: number;
  readonly hint?: string;
  readonly detail?: string;
  readonly location?: ErrorLocation;

  constructor(
    readonly nodeName: string,
    override readonly cause: unknown,
    readonly statement: SourcedStatement,
    /** What the failure leaves behind (e.g. "the previous table is unchanged"). */
    consequence?: string,
  ) {
    const pg = (typeof cause === 'object' && cause !== null ? cause : {}) as DatabaseErrorLike;
    const reason = pg.message ?? String(cause);
    const position = pg.position !== undefined ? Number(pg.position) : undefined;
    const location = position !== undefined ? locate(statement, position) : undefined;
    super(format(nodeName, reason, pg, location, statement, consequence));
    this.name = 'WarehouseError';
    this.code = pg.code;
    this.position = position;
    this.hint = pg.hint;
    this.detail = pg.detail;
    this.location = location;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      position: this.position,
      hint: this.hint,
      detail: this.detail,
      location: this.location,
    };
  }
}

/**
 * Maps pg's `position` (1-based, counted in characters of the statement) to the file: the
 * statement wraps the compiled SQL at `body.offset`, and the compiled SQL keeps the file's lines.
 */
export function locate(statement: SourcedStatement, position: number): ErrorLocation | undefined {
  const body = statement.body;
  if (!body || !Number.isFinite(position) || position < 1) return undefined;
  // Characters, not UTF-16 units: PostgreSQL counts an emoji as one character.
  const compiled = Array.from(statement.sql.slice(body.offset));
  const index = position - 1 - Array.from(statement.sql.slice(0, body.offset)).length;
  if (index < 0 || index >= compiled.length) return undefined;
  const before = compiled.slice(0, index).join('');
  const lineIndex = before.split('\n').length - 1;
  const exact = body.preservesLines;
  return {
    file: body.file,
    // A YAML test's SQL is generated: the best line is the test's declaration.
    line: exact || body.line === 1 ? body.line + lineIndex : body.line,
    compiledLine: lineIndex + 1,
    column: Array.from(before.slice(before.lastIndexOf('\n') + 1)).length + 1,
    sqlLine: compiled.join('').split('\n')[lineIndex] ?? '',
    exact,
  };
}

function format(
  nodeName: string,
  reason: string,
  pg: DatabaseErrorLike,
  location: ErrorLocation | undefined,
  statement: SourcedStatement,
  consequence: string | undefined,
): string {
  const lines = [`${nodeName} failed in the warehouse: ${reason}${pg.code ? ` (SQLSTATE ${pg.code})` : ''}`];
  if (location) {
    const where = location.exact
      ? `${location.file}:${location.line}:${location.column}`
      : `${location.file}:${location.line} (line ${location.compiledLine}, column ${location.column} of the compiled SQL)`;
    lines.push(`  at ${where}`, `  | ${location.sqlLine.trim()}`);
  } else if (statement.body) {
    lines.push(`  in ${statement.body.file}${statement.body.line > 1 ? `:${statement.body.line}` : ''}`);
  }
  if (pg.detail) lines.push(`  detail: ${pg.detail}`);
  if (pg.hint) lines.push(`  hint: ${pg.hint}`);
  if (pg.where) lines.push(`  context: ${pg.where.split('\n')[0]}`);
  const file = location?.file ?? statement.body?.file;
  lines.push(
    `  why: ${statement.body ? "the database refused the node's SQL" : 'the database refused a statement the runner generated'}: ${firstStatementLine(statement.sql)}`,
  );
  lines.push(
    `  fix: ${file ? `correct the SQL in ${file}${location ? ` at line ${location.line}` : ''}` : 'check the warehouse state and permissions'}, then run again.${consequence ? ` ${consequence}` : ''}`,
  );
  return lines.join('\n');
}

function firstStatementLine(sql: string): string {
  const first = sql.split('\n')[0] ?? '';
  return first.length > 120 ? `${first.slice(0, 117)}...` : first;
}
