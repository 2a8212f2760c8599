import type { Session } from '../warehouse/warehouse';
import { type ContractTable, EXPECTED_VALUE } from './contract';
import { LoadError } from './load-error';
import { locateRecord } from './locate-record';

/** One row of sys_load_error_detail or stl_load_errors, under sys_load_error_detail's names. */
export interface RedshiftLoadErrorRow {
  query_id?: string | number;
  file_name: string;
  line_number: string | number;
  column_name?: string | null;
  column_type?: string | null;
  column_length?: string | number | null;
  error_code?: string | number | null;
  error_message: string;
  raw_field_value?: string | null;
}

/**
 * The load error views. sys_load_error_detail is the one Redshift Serverless has (and provisioned
 * clusters too); stl_load_errors is the provisioned clusters' older view, tried when the first
 * fails or is empty. STL columns are blank-padded char(n), hence the trims.
 */
export const SYS_LOAD_ERRORS_SQL = `select query_id, trim(file_name) as file_name, line_number, trim(column_name) as column_name,
  trim(column_type) as column_type, column_length, error_code, trim(error_message) as error_message,
  trim(raw_field_value) as raw_field_value
from sys_load_error_detail where session_id = $1 order by query_id desc, line_number limit 20`;

export const STL_LOAD_ERRORS_SQL = `select query as query_id, trim(filename) as file_name, line_number, trim(colname) as column_name,
  trim(type) as column_type, col_length as column_length, err_code as error_code, trim(err_reason) as error_message,
  trim(raw_field_value) as raw_field_value
from stl_load_errors where query = $1 order by line_number limit 20`;

/**
 * Reads the errors of the COPY that just failed on this session (after the rollback: the views
 * are written outside the transaction). Returns [] when neither view says anything.
 */
export async function readRedshiftLoadErrors(session: Session): Promise<RedshiftLoadErrorRow[]> {
  try {
    const pid = (await session.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    const rows = (await session.query<RedshiftLoadErrorRow>(SYS_LOAD_ERRORS_SQL, [pid])).rows;
    const newest = rows[0]?.query_id;
    if (rows.length > 0) return rows.filter((row) => row.query_id === newest);
  } catch {
    // Not there (an older cluster) or not visible to this user: try the STL view.
  }
  try {
    const id = (await session.query<{ id: number }>('select pg_last_copy_id() as id')).rows[0]?.id;
    return (await session.query<RedshiftLoadErrorRow>(STL_LOAD_ERRORS_SQL, [id])).rows;
  } catch {
    return [];
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
  rows: readonly RedshiftLoadErrorRow[],
  context: RedshiftErrorContext,
  copyMessage: string,
): LoadError {
  const first = rows[0];
  if (!first) {
    return new LoadError(
      context.displayFile,
      `the COPY into raw.${context.table.table} failed: ${copyMessage} (sys_load_error_detail and stl_load_errors list no rows for it)`,
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
  const value = first.raw_field_value?.trim();
  const code =
    first.error_code === undefined || first.error_code === null
      ? ''
      : ` (Redshift error ${first.error_code})`;
  const more =
    rows.length > 1 ? `; ${rows.length - 1} more error${rows.length > 2 ? 's' : ''} in this load` : '';
  const where = part ? '' : ` in ${fileName}`;
  const problem = `${value !== undefined && value !== '' ? `cannot load ${JSON.stringify(value)}: ` : ''}${first.error_message.trim()}${code}${where}${more}`;
  return new LoadError(context.displayFile, problem, {
    ...(line !== undefined ? { line } : {}),
    ...(field ? { field } : {}),
    ...(expected ? { expected } : {}),
  });
}

/** redshiftLoadError plus the editor column of the named field, read from the local file. */
export async function locateRedshiftLoadError(
  rows: readonly RedshiftLoadErrorRow[],
  context: RedshiftErrorContext & { path: string; fileColumns: readonly string[] },
  copyMessage: string,
): Promise<LoadError> {
  const error = redshiftLoadError(rows, context, copyMessage);
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
