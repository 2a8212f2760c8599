import type { StageSummary } from './stage-summary';

/** What the S3 stage did for a whole load, for load_results.json and the CLI. */
export interface StageTotals {
  /** Where the stage lives (bucket, prefix, endpoint), safe to print. */
  location?: string;
  tables: number;
  parts: number;
  rawBytes: number;
  compressedBytes: number;
  /** Tables whose parts were uploaded by this load. */
  uploaded: number;
  /** Tables already staged with the same content: nothing uploaded. */
  skipped: number;
}

/** Adds up the tables' stage summaries; undefined when nothing went through a stage. */
export function stageTotals(
  summaries: readonly (StageSummary | undefined)[],
  location?: string,
): StageTotals | undefined {
  const staged = summaries.filter((summary): summary is StageSummary => summary !== undefined);
  if (staged.length === 0) return undefined;
  const sum = (pick: (summary: StageSummary) => number) => staged.reduce((total, s) => total + pick(s), 0);
  return {
    ...(location ? { location } : {}),
    tables: staged.length,
    parts: sum((s) => s.parts),
    rawBytes: sum((s) => s.rawBytes),
    compressedBytes: sum((s) => s.compressedBytes),
    uploaded: staged.filter((s) => !s.skipped).length,
    skipped: staged.filter((s) => s.skipped).length,
  };
}

/** `6 files in 7 parts, 1.1 MB gzip of 5.9 MB (4 uploaded, 2 already staged)` */
export function formatStageTotals(totals: StageTotals): string {
  const parts = `${totals.parts} part${totals.parts === 1 ? '' : 's'}`;
  const files = `${totals.tables} file${totals.tables === 1 ? '' : 's'}`;
  return `${files} in ${parts}, ${formatBytes(totals.compressedBytes)} gzip of ${formatBytes(totals.rawBytes)} (${totals.uploaded} uploaded, ${totals.skipped} already staged)${totals.location ? ` at ${totals.location}` : ''}`;
}

/** `231 B`, `195.7 kB`, `2.9 MB` */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
