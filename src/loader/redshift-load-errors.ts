import type { Session } from '../warehouse/warehouse';
import { type ContractTable, EXPECTED_VALUE } from './contract';
import { LoadError } from './load-error';
import { locateRecord } from './locate-record';

/**
 * One row of sys_load_error_detail, with the columns AWS documents for it (Database Developer
 * Guide, SYS_LOAD_ERROR_DETAIL): there is no raw field value (Redshift's message quotes it).
 */
export interface RedshiftLoadErrorRow {
  query_id?: string | number;
  file_name: string;
  line_number: string | number;
  column_name?: string | null;
  column_type?: string | null;
  column_length?: string | number | null;
  /** The position of the error in the field. */
  position?: string | number | null;
  error_code?: string | number | null;
  error_message: string;
}

/**
 * The load errors of this session's latest COPY. sys_load_error_detail is on Serverless and on
 * provisioned clusters alike (the STL views are provisioned-only, and pg_last_copy_id() is not
 * updated by a COPY that was rolled back, so neither is used). Its char(n) columns are trimmed.
 */
export const SYS_LOAD_ERRORS_SQL = `select query_id, trim(file_name) as file_name, line_number, trim(column_name) as column_name,
  trim(column_type) as column_type, trim(column_length) as column_length, position, error_code,
  trim(error_message) as error_message
from sys_load_error_detail where session_id = $1 order by query_id desc, line_number limit 20`;

/** What the load error view said: its rows, or why it could not be read. */
export interface RedshiftLoadErrors {
  rows: RedshiftLoadErrorRow[];
  /** The error reading sys_load_error_detail raised (permissions, an old engine), if any. */
  unreadable?: string;
}

/**
 * Reads the errors of the COPY that just failed on this session (after the rollback: the view is
 * written outside the transaction). A failure to read is returned, not swallowed, so the message
 * can say why the file's line is missing.
 */
export async function readRedshiftLoadErrors(session: Session): Promise<RedshiftLoadErrors> {
  try {
    const pid = (await session.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    const rows = (await session.query<RedshiftLoadErrorRow>(SYS_LOAD_ERRORS_SQL, [pid])).rows;
    const newest = rows[0]?.query_id;
    return { rows: rows.filter((row) => row.query_id === newest) };
  } catch (error) {
    return { rows: [], unreadable: (error as Error).message };
  }
}

/** The staged part a load error names, with the source line its first data record is on. */
export interface StagedPartLines {
  url: string;
  /** Editor line (header = 1) of the part's first data record in the original file. */
  firstDataLine: number;
}

export interface RedshiftErrorContext {
  /** The original file as the user sees it. */
  displayFile: string;
  table: ContractTable;
  parts: readonly StagedPartLines[];
}

/**
 * Maps Redshift's load errors (about a gzip part in S3) to a LoadError about the original file:
 * the part's line (its header is line 1, as IGNOREHEADER counts) becomes the file's line, the
 * column keeps its name and what the contract expected there. Pure: the editor column is added by
 * locateRedshiftLoadError, which reads the file.
 */
export function redshiftLoadError(
  errors: RedshiftLoadErrors,
  context: RedshiftErrorContext,
  copyMessage: string,
): LoadError {
  const { rows } = errors;
  const first = rows[0];
  if (!first) {
    const why = errors.unreadable
      ? `sys_load_error_detail could not be read: ${errors.unreadable}`
      : 'sys_load_error_detail lists no rows for it';
    return new LoadError(
      context.displayFile,
      `the COPY into raw.${context.table.table} failed: ${copyMessage} (${why})`,
    );
  }
  const fileName = first.file_name.trim();
  const part = context.parts.find((candidate) => candidate.url === fileName);
  const partLine = Number(first.line_number);
  const line = part && partLine >= 2 ? part.firstDataLine + partLine - 2 : undefined;
  const field = first.column_name?.trim() || undefined;
  const column = context.table.columns.find((candidate) => candidate.name === field);
  let expected = column ? EXPECTED_VALUE[column.type] : undefined;
  const length = Number(first.column_length ?? 0);
  if (column?.type === 'text' && length > 0) expected = `text of at most ${length} bytes`;
  const position = Number(first.position ?? 0);
  const at = position > 0 ? ` (at position ${position} of the field)` : '';
  const code =
    first.error_code === undefined || first.error_code === null
      ? ''
      : ` (Redshift error ${first.error_code})`;
  const more =
    rows.length > 1 ? `; ${rows.length - 1} more error${rows.length > 2 ? 's' : ''} in this load` : '';
  const where = part ? '' : ` in ${fileName}`;
  const problem = `${first.error_message.trim()}${at}${code}${where}${more}`;
  return new LoadError(context.displayFile, problem, {
    ...(line !== undefined ? { line } : {}),
    ...(field ? { field } : {}),
    ...(expected ? { expected } : {}),
  });
}

/** redshiftLoadError plus the editor column of the named field, read from the local file. */
export async function locateRedshiftLoadError(
  errors: RedshiftLoadErrors,
  context: RedshiftErrorContext & { path: string; fileColumns: readonly string[] },
  copyMessage: string,
): Promise<LoadError> {
  const error = redshiftLoadError(errors, context, copyMessage);
  const { line, field } = error.location;
  if (line === undefined || !field || !context.fileColumns.includes(field)) return error;
  const located = await locateRecord(context.path, line, { field: context.fileColumns.indexOf(field) }).catch(
    () => undefined,
  );
  if (!located) return error;
  return new LoadError(error.file, error.problem, {
    ...error.location,
    line: located.fieldLine,
    column: located.column,
  });
}
