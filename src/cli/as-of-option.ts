import type { SnapshotResult } from '../snapshots/take-snapshots';
import { UsageError } from './options';

export const AS_OF_OPTION = { 'as-of': { type: 'string' } } as const;

export const AS_OF_HELP = `  --as-of TIME      the reference time (ISO 8601, UTC; default now): the snapshots' time (and
                    run's freshness reference); replay extracts of the past in order, each
                    with the date it was taken`;

export function asOfFrom(values: Record<string, unknown>): Date | undefined {
  const text = values['as-of'];
  if (text === undefined) return undefined;
  const date = new Date(String(text));
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(
      `--as-of must be an ISO 8601 date or time such as 2024-07-01 or 2024-07-01T09:00:00Z, got ${text}.`,
    );
  }
  return date;
}

export function formatSnapshotResult(result: SnapshotResult): string {
  return result.status === 'success'
    ? `  ✔ ${result.relation.padEnd(28)} ${result.message}  ${result.seconds.toFixed(2)} s`
    : `  ✘ ${result.relation.padEnd(28)} ${result.message}`;
}
