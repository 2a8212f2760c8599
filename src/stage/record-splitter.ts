import { RecordScanner } from '../csv/record-scanner';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** A header longer than this is almost certainly an unbalanced quote swallowing the file. */
const MAX_HEADER_BYTES = 1 << 20;

/**
 * Finds where a CSV file may be cut into parts of about `partSizeBytes`: only at the end of a
 * record, i.e. after a newline outside quotes (the shared RecordScanner keeps the quote state
 * across chunks), so every part is a run of whole records (a CRLF stays together because the cut
 * is after its LF). Below the size threshold only quotes cost a step.
 */
export class RecordSplitter {
  /** Bytes seen before the current chunk. */
  private offset = 0;
  private readonly scanner = new RecordScanner();
  private partStart = 0;
  /** Absolute end (exclusive) of the header record, -1 until it is complete. */
  private headerEnd = -1;
  private readonly headerChunks: Buffer[] = [];
  private readonly cutOffsets: number[] = [];

  constructor(readonly partSizeBytes: number) {
    if (!Number.isSafeInteger(partSizeBytes) || partSizeBytes < 1) {
      throw new RangeError(`partSizeBytes must be a positive integer, got ${partSizeBytes}`);
    }
  }

  /** Consumes the next chunk; returns the absolute offsets (exclusive part ends) found in it. */
  write(chunk: Buffer): number[] {
    const cuts: number[] = [];
    const headerWasOpen = this.headerEnd < 0;
    for (let at = 0; ; ) {
      // The first index where a newline can end the part (the header ends at its first newline).
      const from =
        this.headerEnd < 0 ? at : Math.max(at, this.partStart + this.partSizeBytes - 1 - this.offset);
      const newline = this.scanner.nextRecordEnd(chunk, at, from);
      if (newline === -1) break;
      const end = this.offset + newline + 1;
      if (this.headerEnd < 0) this.headerEnd = end;
      else {
        cuts.push(end);
        this.partStart = end;
      }
      at = newline + 1;
    }
    if (headerWasOpen) this.collectHeader(chunk);
    this.offset += chunk.length;
    this.cutOffsets.push(...cuts);
    return cuts;
  }

  private collectHeader(chunk: Buffer): void {
    const end = this.headerEnd < 0 ? chunk.length : this.headerEnd - this.offset;
    this.headerChunks.push(Buffer.from(chunk.subarray(0, end)));
    if (this.headerEnd < 0 && this.offset + chunk.length > MAX_HEADER_BYTES) {
      throw new Error(
        `the header record is longer than ${MAX_HEADER_BYTES} bytes: a quote in the first line is probably not closed`,
      );
    }
  }

  /** Bytes consumed so far. */
  get bytes(): number {
    return this.offset;
  }

  /**
   * The header record with its line ending and without a UTF-8 byte-order mark: what parts after
   * the first repeat. Whole once the header's newline was seen (or at the end of the input).
   */
  get header(): Buffer {
    const header = Buffer.concat(this.headerChunks);
    return header.subarray(0, BOM.length).equals(BOM) ? header.subarray(BOM.length) : header;
  }

  /**
   * The parts as byte ranges of the input, [start, end), once all of it was written. Never empty:
   * an empty input is one empty part. A cut at the very end would leave an empty last part, so it
   * is dropped.
   */
  ranges(): Array<{ start: number; end: number }> {
    const ends = this.cutOffsets.filter((cut) => cut < this.offset);
    ends.push(this.offset);
    let start = 0;
    return ends.map((end) => {
      const range = { start, end };
      start = end;
      return range;
    });
  }
}
