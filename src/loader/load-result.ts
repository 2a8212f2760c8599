/** What happened to one raw table, as written to target/load_results.json. */
export interface LoadResult {
  table: string;
  file: string;
  status: 'success' | 'error';
  rows: number;
  bytes: number;
  seconds: number;
  error?: { message: string; file: string; line?: number; column?: number; field?: string };
}
