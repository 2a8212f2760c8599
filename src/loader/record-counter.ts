import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { RecordScanner } from '../csv/record-scanner';

const NEWLINE = 0x0a;

/**
 * Passes bytes through while counting CSV records (newlines outside quotes, found by the shared
 * RecordScanner's `indexOf` jumps), so verification costs next to nothing. With `{ sha256: true }`
 * it also hashes the bytes in the same pass: the run history's file hash then needs no second
 * read of the file.
 */
export class RecordCounter extends Transform {
  records = 0;
  bytes = 0;
  private readonly scanner = new RecordScanner();
  private readonly hash: Hash | undefined;
  private digest: string | undefined;
  private lastByte = NEWLINE;

  constructor(options: { sha256?: boolean } = {}) {
    super();
    this.hash = options.sha256 ? createHash('sha256') : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash?.update(chunk);
    for (let at = 0; ; ) {
      const newline = this.scanner.nextRecordEnd(chunk, at);
      if (newline === -1) break;
      this.records++;
      at = newline + 1;
    }
    const last = chunk[chunk.length - 1];
    if (last !== undefined) this.lastByte = last;
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    // A last record without a trailing newline still counts.
    if (this.lastByte !== NEWLINE) this.records++;
    this.digest = this.hash?.digest('hex');
    done();
  }

  /** Data rows: all records but the header. */
  get dataRows(): number {
    return Math.max(0, this.records - 1);
  }

  /** The sha256 (hex) of every byte that passed, once the stream ended; undefined without `{ sha256: true }`. */
  get sha256(): string | undefined {
    return this.digest;
  }
}
