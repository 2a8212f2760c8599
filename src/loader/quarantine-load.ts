import type { Readable } from 'node:stream';
import type { Warehouse } from '../warehouse/warehouse';
import { type ContractTable, EXPECTED_VALUE, RAW_SCHEMA } from './contract';
import { LoadError } from './load-error';
import { QuarantineSplitter, type RejectedRow } from './quarantine-splitter';
import { saveRejects } from './rejects-store';

export interface QuarantineInput {
  table: ContractTable;
  /** The file as messages show it. */
  file: string;
  /** The header's columns, in file order. */
  columns: string[];
  open: () => Readable;
  maxBadRows: number;
  /** The plain COPY's error: reported as is when the rows cannot be set aside. */
  firstError: LoadError;
}

export interface QuarantineOutcome {
  rows: number;
  rejects: RejectedRow[];
}

const TEMP = 'etl_quarantine';

/**
 * `--max-bad-rows N`, after the plain COPY failed: in one transaction, COPY the parsable records
 * into a session-temporary all-text table (the splitter sets aside what cannot be parsed), find the
 * values of the wrong type with PostgreSQL's own `pg_input_is_valid` (so "valid" means exactly what
 * COPY accepts), insert the rest with casts and keep the bad ones in raw_rejects.<table>. More than
 * N bad rows: the load fails with the first one, as without the option, and nothing changes.
 */
export async function loadWithQuarantine(
  warehouse: Warehouse,
  input: QuarantineInput,
): Promise<QuarantineOutcome> {
  const d = warehouse.dialect;
  const { table, columns } = input;
  const relation = d.relation(RAW_SCHEMA, table.table);
  const quoted = columns.map((c) => d.quoteIdentifier(c));
  const typed = columns.flatMap((name) => {
    const column = table.columns.find((c) => c.name === name);
    return column && column.type !== 'text'
      ? [
          {
            name,
            type: d.columnType(column.type, column.maxLength, column.scale),
            expected: EXPECTED_VALUE[column.type],
          },
        ]
      : [];
  });
  const valid = (c: { name: string; type: string }) =>
    `coalesce(pg_input_is_valid(${d.quoteIdentifier(c.name)}, ${d.quoteLiteral(c.type)}), true)`;
  const allValid = typed.length ? typed.map(valid).join(' and ') : 'true';
  const reasons = typed.map(
    (c) =>
      `case when not ${valid(c)} then ${d.quoteLiteral(`column "${c.name}": `)} || (pg_input_error_info(${d.quoteIdentifier(c.name)}, ${d.quoteLiteral(c.type)})).message || ${d.quoteLiteral(`; expected ${c.expected}`)} end`,
  );
  const casts = columns.map((name) => {
    const column = typed.find((c) => c.name === name);
    return column ? `cast(${d.quoteIdentifier(name)} as ${column.type})` : d.quoteIdentifier(name);
  });

  return warehouse.transaction(async (session) => {
    await session.query(`truncate table ${relation}`);
    await session.query(
      `create temporary table ${TEMP} (etl_line bigint, etl_raw text, ${quoted.map((c) => `${c} text`).join(', ')}) on commit drop`,
    );
    const splitter = new QuarantineSplitter(columns.length);
    const source = input.open();
    source.on('error', (error) => splitter.destroy(error));
    try {
      await session.copyFrom(
        `copy ${TEMP} (etl_line, etl_raw, ${quoted.join(', ')}) from stdin with (format csv, encoding 'UTF8')`,
        source.pipe(splitter),
      );
    } catch {
      // Something the splitter let through that COPY still refuses: report the original error.
      throw input.firstError;
    }
    const badTyped = typed.length
      ? await session.query<{ line: string; raw: string; reason: string }>(
          `select etl_line as line, etl_raw as raw, concat_ws('; ', ${reasons.join(', ')}) as reason from ${TEMP} where not (${allValid})`,
        )
      : { rows: [] };
    const rejects = [
      ...splitter.rejects,
      ...badTyped.rows.map((r) => ({ line: Number(r.line), raw: r.raw, reason: shorten(r.reason) })),
    ].sort((a, b) => a.line - b.line);
    if (rejects.length > input.maxBadRows) throw tooManyBadRows(input, rejects.length);
    const inserted = await session.query(
      `insert into ${relation} (${quoted.join(', ')}) select ${casts.join(', ')} from ${TEMP} where ${allValid}`,
    );
    if (inserted.rowCount + rejects.length !== splitter.records) {
      throw new LoadError(
        input.file,
        `${inserted.rowCount} rows loaded and ${rejects.length} set aside, but the file has ${splitter.records} data records`,
        {},
        'The file may have changed while loading; run the load again.',
      );
    }
    await saveRejects(session, d, table.table, input.file, rejects);
    return { rows: inserted.rowCount, rejects };
  });
}

function tooManyBadRows(input: QuarantineInput, count: number): LoadError {
  const first = input.firstError;
  return new LoadError(
    first.file,
    `${first.problem} (${count} rows cannot be loaded, more than --max-bad-rows ${input.maxBadRows})`,
    first.location,
    'Fix the file, or raise --max-bad-rows to set these rows aside; the table keeps its previous contents until then.',
  );
}

/** pg_input_error_info quotes the whole bad value: keep a 1 MB field out of the reason. */
function shorten(reason: string): string {
  return reason.replace(
    /"([^"]{81,})"/g,
    (_, value: string) => `"${value.slice(0, 40)}…" (${value.length} characters)`,
  );
}

/**
 * The hook of loadTable: when `--max-bad-rows` allows it and COPY failed on a located data row,
 * loads again setting bad rows aside; any other error is rethrown unchanged.
 */
export async function quarantineAfterCopyFailure(
  warehouse: Warehouse,
  error: unknown,
  maxBadRows: number | undefined,
  input: Omit<QuarantineInput, 'firstError' | 'maxBadRows'>,
): Promise<QuarantineOutcome> {
  const onDataRow = error instanceof LoadError && (error.location.line ?? 0) > 1;
  if (!maxBadRows || !onDataRow || !warehouse.dialect.supportsCopyFromStdin) throw error;
  return loadWithQuarantine(warehouse, { ...input, maxBadRows, firstError: error });
}
