import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { countFields, countNewlines, RecordScanner } from '../csv/record-scanner';

const RETURN = 0x0d;

/** A data record set aside by `--max-bad-rows`: its editor line (header = 1), why, and its text. */
export interface RejectedRow {
  line: number;
  reason: string;
  raw: string;
}

/**
 * The slow path of `--max-bad-rows`, used only after the plain COPY failed: splits the file into
 * CSV records (quotes respected, CRLF or LF) and sets aside those COPY could not even parse (a
 * NUL byte, invalid UTF-8, an unterminated quote, a wrong number of fields). The others go on as
 * `line,"raw text",<the record unchanged>` for a COPY into an all-text table, where SQL finds the
 * values of the wrong type. The header record is dropped.
 */
export class QuarantineSplitter extends Transform {
  readonly rejects: RejectedRow[] = [];
  /** Data records seen (header excluded), passed on or rejected. */
  records = 0;
  passed = 0;
  private parts: Buffer[] = [];
  private readonly scanner = new RecordScanner();
  private line = 1;
  private header = true;

  constructor(private readonly expectedFields: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let start = 0;
    for (;;) {
      const newline = this.scanner.nextRecordEnd(chunk, start);
      if (newline === -1) break;
      this.parts.push(chunk.subarray(start, newline));
      this.endRecord(false);
      start = newline + 1;
    }
    if (start < chunk.length) this.parts.push(chunk.subarray(start));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.parts.some((part) => part.length > 0) || this.scanner.inQuotes) this.endRecord(true);
    done();
  }

  private endRecord(atEnd: boolean): void {
    let record = Buffer.concat(this.parts);
    this.parts = [];
    const fields = countFields(record);
    // The record's editor line; its quoted newlines and its own end move the next one down.
    const recordLine = this.line;
    this.line += countNewlines(record) + 1;
    if (record[record.length - 1] === RETURN) record = record.subarray(0, record.length - 1);
    if (this.header) {
      this.header = false;
      return;
    }
    this.records++;
    const reason = this.problemOf(record, fields, atEnd && this.scanner.inQuotes);
    if (reason) {
      this.rejects.push({
        line: recordLine,
        reason,
        raw: record.toString('utf8').replace(/\0/g, '\u2400'),
      });
      return;
    }
    const raw = record.toString('utf8');
    this.push(`${recordLine},"${raw.replace(/"/g, '""')}",`);
    this.push(record);
    this.push('\n');
    this.passed++;
  }

  private problemOf(record: Buffer, fields: number, unterminated: boolean): string | undefined {
    const nul = record.indexOf(0);
    if (nul !== -1) return 'a NUL byte (0x00); expected UTF-8 text without NUL bytes';
    if (!isUtf8(record)) return 'invalid UTF-8 bytes; expected UTF-8 text';
    if (unterminated) {
      return 'unterminated quoted field: a quote opened in this record is never closed, so the rest of the file is one record';
    }
    if (record.length === 0) return `an empty line; expected ${this.expectedFields} fields`;
    if (fields !== this.expectedFields) {
      return `${fields} field${fields === 1 ? '' : 's'} where the header has ${this.expectedFields}`;
    }
    return undefined;
  }
}
