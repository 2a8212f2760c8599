import type { S3StagedPart } from './s3-staged-part';

export const STAGE_RECORD_FORMAT = 'etl-workbook-stage/1';

/**
 * What `stage.json` (written next to the parts, before the manifest) holds: enough to reuse a
 * staged copy without reading the source file's parts again, to check every byte read back, and
 * to drop the header that every part after the first repeats.
 */
export interface StageRecord {
  format: typeof STAGE_RECORD_FORMAT;
  dataset: string;
  table: string;
  source: { sha256: string; bytes: number };
  /** The header record, base64 (any bytes, line ending included). */
  header: string;
  partSizeBytes: number;
  parts: S3StagedPart[];
  stagedAt: string;
}

/** Parses a stage.json; undefined if it is not one this version understands (it is then staged again). */
export function parseStageRecord(text: string, sourceSha256: string): StageRecord | undefined {
  try {
    const record = JSON.parse(text) as Partial<StageRecord>;
    const valid =
      record.format === STAGE_RECORD_FORMAT &&
      record.source?.sha256 === sourceSha256 &&
      typeof record.header === 'string' &&
      Array.isArray(record.parts) &&
      record.parts.length > 0 &&
      record.parts.every(
        (part) =>
          typeof part?.key === 'string' &&
          Number.isSafeInteger(part.compressedBytes) &&
          typeof part.sha256 === 'string',
      );
    return valid ? (record as StageRecord) : undefined;
  } catch {
    return undefined;
  }
}
