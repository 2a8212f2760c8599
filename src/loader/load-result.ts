import type { StageSummary } from '../stage/stage-summary';

/** What happened to one raw table, as written to target/load_results.json. */
export interface LoadResult {
  table: string;
  file: string;
  status: 'success' | 'error';
  rows: number;
  bytes: number;
  /** The file's sha256 (hex), when it was read. */
  sha256?: string;
  seconds: number;
  /** The S3 stage's work for this table (parts, compressed bytes, uploaded or already staged). */
  stage?: StageSummary;
  /** Rows set aside by --max-bad-rows (in raw_rejects.<table> and rejectsFile). */
  rejected?: number;
  rejectsFile?: string;
  error?: { message: string; file: string; line?: number; column?: number; field?: string };
}
