import { UsageError } from './options';

/** `--max-bad-rows N` of load and run (see src/loader/quarantine-load.ts). */
export const MAX_BAD_ROWS_OPTION = { 'max-bad-rows': { type: 'string' } } as const;

export const MAX_BAD_ROWS_HELP = `  --max-bad-rows N  set up to N unparsable rows per table aside (raw_rejects.<table> and
                    <out>/rejects/<table>.csv, with their line numbers) instead of failing`;

export function maxBadRowsFrom(values: Record<string, unknown>): number | undefined {
  const raw = values['max-bad-rows'];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new UsageError(`--max-bad-rows takes a whole number of rows (0 or more), not "${String(raw)}".`);
  }
  return n;
}
