const NEWLINE = 0x0a;
const QUOTE = 0x22;
const COMMA = 0x2c;
/** Below any position: the next quote must be searched for. */
const STALE = -2;

/**
 * The one CSV quote state machine: finds record ends (newlines outside quotes) in a byte stream
 * fed chunk by chunk, keeping the quote state across chunk boundaries. Every quote toggles the
 * state wherever it stands, as PostgreSQL's and Redshift's CSV line readers do; a doubled quote
 * toggles it twice, which leaves it unchanged. It jumps with native `indexOf` rather than a
 * per-byte loop, so scanning a file costs next to nothing beside reading it.
 */
export class RecordScanner {
  /** True while the bytes scanned so far end inside a quoted field. */
  inQuotes = false;
  private chunk: Buffer | undefined;
  /** The next quote at or after the scan position in `chunk`, -1 when there is none. */
  private quote = STALE;

  /**
   * The index in `chunk` of the first newline outside quotes at or after `minIndex` (default
   * `at`), scanning from `at`; -1 when the chunk holds none (the quote state then covers the whole
   * chunk). Newlines before `minIndex` are skipped, their quotes still counted. Call it again with
   * `at` just past the returned newline to go on in the same chunk.
   */
  nextRecordEnd(chunk: Buffer, at: number, minIndex = at): number {
    if (chunk !== this.chunk) {
      this.chunk = chunk;
      this.quote = STALE;
    }
    while (at < chunk.length) {
      if (this.inQuotes) {
        const close = chunk.indexOf(QUOTE, at);
        if (close === -1) return -1;
        this.inQuotes = false;
        at = close + 1;
        continue;
      }
      // Kept across calls: searching afresh after every record rescans the rest of the chunk each
      // time (quadratic in the chunk size when a file has no quotes at all).
      if (this.quote !== -1 && this.quote < at) this.quote = chunk.indexOf(QUOTE, at);
      const from = Math.max(at, minIndex);
      if (this.quote !== -1 && this.quote < from) {
        this.inQuotes = true;
        at = this.quote + 1;
        continue;
      }
      if (from >= chunk.length) return -1;
      const newline = chunk.indexOf(NEWLINE, from);
      if (this.quote !== -1 && (newline === -1 || this.quote < newline)) {
        this.inQuotes = true;
        at = this.quote + 1;
        continue;
      }
      return newline;
    }
    return -1;
  }
}

/** Fields of one whole record: commas outside quotes, plus one. */
export function countFields(record: Buffer): number {
  let fields = 1;
  let inQuotes = false;
  for (const byte of record) {
    if (byte === QUOTE) inQuotes = !inQuotes;
    else if (byte === COMMA && !inQuotes) fields++;
  }
  return fields;
}

/** Byte offset in one whole record where 0-based field `field` starts (0 when it has fewer fields). */
export function fieldOffset(record: Buffer, field: number): number {
  let index = 0;
  let inQuotes = false;
  for (let i = 0; i < record.length; i++) {
    if (index === field) return i;
    const byte = record[i];
    if (byte === QUOTE) inQuotes = !inQuotes;
    else if (byte === COMMA && !inQuotes) index++;
  }
  return index === field ? record.length : 0;
}

/** Newlines in `bytes[start, end)`. */
export function countNewlines(bytes: Buffer, start = 0, end = bytes.length): number {
  let count = 0;
  for (let i = bytes.indexOf(NEWLINE, start); i !== -1 && i < end; i = bytes.indexOf(NEWLINE, i + 1)) count++;
  return count;
}
