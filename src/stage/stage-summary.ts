/** How staging one table went, for load results and the CLI's report. */
export interface StageSummary {
  stage: 's3';
  table: string;
  /** Objects holding the data (the manifest and stage.json not counted). */
  parts: number;
  /** Source file bytes (uncompressed input). */
  rawBytes: number;
  /** Bytes stored in S3 for the parts. */
  compressedBytes: number;
  seconds: number;
  /** True when the same content was already staged and nothing was uploaded. */
  skipped: boolean;
  manifestUrl: string;
}
