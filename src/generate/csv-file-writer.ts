import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

/** What was written to one file. */
export interface WrittenFile {
  file: string;
  rows: number;
  bytes: number;
}

const CHUNK_CHARS = 256 * 1024;

/**
 * Writes CSV lines through a file stream in chunks of a few hundred KB: callers append whole lines
 * with `row` (synchronous, cheap) and `await flushIfFull()` between batches, which hands the chunk to
 * the stream and waits for 'drain' when the stream asks for it, so memory stays flat.
 */
export class CsvFileWriter {
  private readonly stream: WriteStream;
  private chunk = '';
  private rows = 0;
  private bytes = 0;
  private failure: Error | undefined;

  /** `header` and the lines given to `row` are already CSV-encoded, without their line ending. */
  constructor(
    private readonly path: string,
    private readonly file: string,
    header: string,
    private readonly newline: '\n' | '\r\n' = '\n',
  ) {
    this.stream = createWriteStream(path, { highWaterMark: 1024 * 1024 });
    this.stream.on('error', (error) => {
      this.failure ??= error;
    });
    this.chunk = `${header}${newline}`;
  }

  /** Appends one data row (a CSV line without its line ending). */
  row(line: string): void {
    this.chunk += `${line}${this.newline}`;
    this.rows++;
  }

  /** Hands the pending chunk to the stream once it is big enough. */
  async flushIfFull(): Promise<void> {
    if (this.chunk.length >= CHUNK_CHARS) await this.flush();
  }

  /** Writes what is pending, ends the file and waits until it is on disk. */
  async close(): Promise<WrittenFile> {
    await this.flush();
    this.stream.end();
    await this.settle(once(this.stream, 'finish'));
    return { file: this.file, rows: this.rows, bytes: this.bytes };
  }

  /** Stops writing after a failure elsewhere; the partial file is left as is. */
  abort(): void {
    this.chunk = '';
    this.stream.destroy();
  }

  private async flush(): Promise<void> {
    this.check();
    if (this.chunk.length === 0) return;
    const chunk = this.chunk;
    this.chunk = '';
    this.bytes += Buffer.byteLength(chunk, 'utf8');
    if (!this.stream.write(chunk)) await this.settle(once(this.stream, 'drain'));
  }

  /** Waits for a stream event; `once` rejects on 'error', which then names the file. */
  private async settle(event: Promise<unknown>): Promise<void> {
    try {
      await event;
    } catch (error) {
      this.failure ??= error as Error;
    }
    this.check();
  }

  private check(): void {
    if (this.failure) {
      throw new Error(`Could not write ${this.path}: ${this.failure.message}`, { cause: this.failure });
    }
  }
}
