import type { Dialect } from '../warehouse/dialect';
import { UsageError } from './options';

/** `--max-bad-rows N` of load and run (see src/loader/quarantine-load.ts). */
export const MAX_BAD_ROWS_OPTION = { 'max-bad-rows': { type: 'string' } } as const;

export const MAX_BAD_ROWS_HELP = `  --max-bad-rows N  set up to N unparsable rows per table aside (raw_rejects.<table> and
                    <out>/rejects/<table>.csv, with their line numbers) instead of failing`;

/**
 * The option's value. Refused where COPY cannot read from the client (Redshift): setting rows aside
 * re-reads the file's good records through COPY FROM STDIN, and a silent MAXERROR would drop rows
 * without listing them.
 */
export function maxBadRowsFrom(
  values: Record<string, unknown>,
  dialect: Pick<Dialect, 'name' | 'supportsCopyFromStdin'>,
): number | undefined {
  const raw = values['max-bad-rows'];
  if (raw === undefined) return undefined;
  if (!dialect.supportsCopyFromStdin) {
    throw new UsageError(
      `--max-bad-rows is not available on ${dialect.name}: rows are set aside by re-reading the file through COPY FROM STDIN, which ${dialect.name} does not have. Fix the rows the load error names (file:line:column), or load with --target local.`,
    );
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new UsageError(`--max-bad-rows takes a whole number of rows (0 or more), not "${String(raw)}".`);
  }
  return n;
}
