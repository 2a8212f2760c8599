import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { countNewlines, fieldOffset, RecordScanner } from '../csv/record-scanner';

export interface RecordLocation {
  /** Editor line where the record starts (header = 1). */
  line: number;
  /** 1-based character column of the requested field (or of the first bad byte). */
  column: number;
  /** Editor line of that field (a quoted field may span lines). */
  fieldLine: number;
}

const MAX_RECORD_BYTES = 4 * 1024 * 1024;

/**
 * Finds the record that PostgreSQL's COPY error points at and its editor position. COPY reports
 * the physical line where it stopped (a quoted field's newlines are counted too), which is the
 * last line of the offending record; the field position is computed inside that record. Only used
 * on the error path, so a plain byte loop is fine.
 *
 * `field` is a 0-based field index; `badByte` asks for the first NUL or invalid UTF-8 byte instead.
 */
export async function locateRecord(
  path: string,
  copyLine: number,
  target: { field?: number; badByte?: boolean } = {},
): Promise<RecordLocation | undefined> {
  const scanner = new RecordScanner();
  let line = 1;
  let recordStartLine = 1;
  let recordStart = 0;
  let offset = 0;
  let found: { start: number; end: number; line: number } | undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let at = 0; !found; ) {
      const newline = scanner.nextRecordEnd(chunk, at);
      // Newlines before the record's end are inside quotes: they still count as editor lines.
      line += countNewlines(chunk, at, newline === -1 ? chunk.length : newline);
      if (newline === -1) break;
      if (line >= copyLine) found = { start: recordStart, end: offset + newline, line: recordStartLine };
      line++;
      recordStart = offset + newline + 1;
      recordStartLine = line;
      at = newline + 1;
    }
    if (found) break;
    offset += chunk.length;
  }
  // An unterminated quote runs to the end of the file: the last record is the one.
  found ??= { start: recordStart, end: offset, line: recordStartLine };
  const bytes = await readRange(path, found.start, Math.min(found.end, found.start + MAX_RECORD_BYTES));
  const at = target.badByte ? firstBadByte(bytes) : fieldOffset(bytes, target.field ?? 0);
  return positionOf(bytes, at, found.line);
}

async function readRange(path: string, start: number, end: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.max(0, end - start));
    await handle.read(buffer, 0, buffer.length, start);
    return buffer;
  } finally {
    await handle.close();
  }
}

function firstBadByte(buffer: Buffer): number {
  const nul = buffer.indexOf(0);
  for (let i = 0; i < buffer.length; ) {
    const width = utf8Width(buffer, i);
    if (width === 0) return nul !== -1 && nul < i ? nul : i;
    i += width;
  }
  return nul === -1 ? 0 : nul;
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when it is invalid. */
function utf8Width(buffer: Buffer, i: number): number {
  const lead = buffer[i];
  if (lead === undefined) return 0;
  const width =
    lead < 0x80 ? 1 : lead >> 5 === 0b110 ? 2 : lead >> 4 === 0b1110 ? 3 : lead >> 3 === 0b11110 ? 4 : 0;
  for (let k = 1; k < width; k++) {
    if (((buffer[i + k] ?? 0) & 0xc0) !== 0x80) return 0;
  }
  return width;
}

function positionOf(buffer: Buffer, offset: number, recordLine: number): RecordLocation {
  const before = buffer.subarray(0, offset);
  const lastNewline = before.lastIndexOf(0x0a);
  const newlines = before.reduce((count, byte) => count + (byte === 0x0a ? 1 : 0), 0);
  const column = before.subarray(lastNewline + 1).toString('utf8').length + 1;
  return { line: recordLine, fieldLine: recordLine + newlines, column };
}
