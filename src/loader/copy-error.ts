import { connectionLostError } from './connection-lost-error';
import { type ContractTable, EXPECTED_VALUE } from './contract';
import { LoadError } from './load-error';
import { locateRecord } from './locate-record';

interface PgErrorLike {
  message: string;
  code?: string;
  where?: string;
}

const COPY_CONTEXT = /COPY [^,]+, line (\d+)(?:, column ([^:]+))?/;

/**
 * Turns PostgreSQL's COPY error ("invalid input syntax for type bigint", with a context such as
 * `COPY raw_orders, line 3, column subtotal: "abc"`) into a LoadError at the editor position of
 * the offending value, with what the contract expected there.
 */
export async function copyErrorToLoadError(
  error: unknown,
  path: string,
  displayFile: string,
  table: ContractTable,
  fileColumns: string[],
): Promise<LoadError> {
  const lost = connectionLostError(displayFile, table.table, error);
  if (lost) return lost;
  const pgError = error as PgErrorLike;
  const context = COPY_CONTEXT.exec(pgError.where ?? '');
  if (!context) {
    return new LoadError(displayFile, `the load into raw.${table.table} failed: ${pgError.message}`);
  }
  const record = Number(context[1]);
  const missing = /missing data for column "([^"]+)"/.exec(pgError.message)?.[1];
  const fieldName = missing ?? context[2]?.trim();
  const badByte = pgError.code === '22021' || /invalid byte sequence|0x00/.test(pgError.message);
  let fieldIndex = fieldName ? fileColumns.indexOf(fieldName) : undefined;
  if (/extra data after last expected column/.test(pgError.message)) fieldIndex = fileColumns.length;
  const located = await locateRecord(path, record, { field: fieldIndex, badByte });
  const column = table.columns.find((c) => c.name === fieldName);
  let expected = column ? EXPECTED_VALUE[column.type] : undefined;
  if (missing || fieldIndex === fileColumns.length)
    expected = `${fileColumns.length} fields: ${fileColumns.join(',')}`;
  if (badByte) expected = 'UTF-8 text without NUL bytes';
  if (/unterminated CSV quoted field/.test(pgError.message))
    expected = 'a closing double quote (") for the quoted field that starts on this line';
  const problem = shortenQuotedValues(
    pgError.message.replace(/^invalid input syntax for type (\w+)/, 'cannot read the value as $1'),
  );
  return new LoadError(displayFile, problem, {
    line: located?.fieldLine ?? record,
    column: located?.column,
    field: fieldName,
    expected,
  });
}

/** PostgreSQL quotes the whole bad value; a 1 MB field must not become a 1 MB message. */
function shortenQuotedValues(message: string): string {
  return message.replace(
    /"([^"]{81,})"/g,
    (_, value: string) => `"${value.slice(0, 40)}…" (${value.length} characters)`,
  );
}
