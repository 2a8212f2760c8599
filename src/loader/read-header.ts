import { open } from 'node:fs/promises';
import { parseCsvLine } from '../csv/parse-record';

export { parseCsvLine };

export interface FileHeader {
  columns: string[];
  hasBom: boolean;
  lineEnding: '\n' | '\r\n';
  bytes: number;
}

const BOM = '\uFEFF';

/**
 * Reads and parses the header line of a CSV file (RFC 4180 quoting, optional UTF-8 BOM, LF or
 * CRLF). Returns undefined for an empty file.
 */
export async function readHeader(path: string): Promise<FileHeader | undefined> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return undefined;
    const buffer = Buffer.alloc(Math.min(size, 64 * 1024));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    let text = buffer.subarray(0, bytesRead).toString('utf8');
    const hasBom = text.startsWith(BOM);
    if (hasBom) text = text.slice(1);
    const { fields, end } = parseCsvLine(text);
    const lineEnding = text[end - 1] === '\r' || text.slice(end, end + 2) === '\r\n' ? '\r\n' : '\n';
    return { columns: fields.map((field) => field.trim()), hasBom, lineEnding, bytes: size };
  } finally {
    await handle.close();
  }
}
