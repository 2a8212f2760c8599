import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { forEachLimited } from '../common/concurrency';
import { integrityError } from './integrity-error';
import { ObjectHasher } from './object-hasher';
import { digestObject, readObject } from './read-object';
import { type S3ErrorContext, S3StageError, toS3StageError } from './s3-stage-error';
import type { S3StagedPart } from './s3-staged-part';
import type { StagedFile } from './stage';
import type { StageRecord } from './stage-record';
import type { StageSummary } from './stage-summary';

/**
 * A file staged in S3 as gzip parts plus a Redshift manifest. `open()` streams it back as the
 * original CSV (one header) for COPY FROM STDIN; a Redshift COPY reads `manifestUrl` instead.
 */
export class S3StagedFile implements StagedFile {
  readonly bucket: string;
  readonly manifestKey: string;
  readonly manifestUrl: string;
  readonly parts: readonly S3StagedPart[];
  /** sha256 of the source file: the content address in every key. */
  readonly sourceSha256: string;
  readonly summary: StageSummary;
  private readonly header: Buffer;

  constructor(
    private readonly client: S3Client,
    record: StageRecord,
    location: { bucket: string; manifestKey: string; manifestUrl: string },
    summary: StageSummary,
    private readonly errorContext: Omit<S3ErrorContext, 'action' | 'url'>,
  ) {
    this.bucket = location.bucket;
    this.manifestKey = location.manifestKey;
    this.manifestUrl = location.manifestUrl;
    this.parts = record.parts;
    this.sourceSha256 = record.source.sha256;
    this.header = Buffer.from(record.header, 'base64');
    this.summary = summary;
  }

  get skipped(): boolean {
    return this.summary.skipped;
  }

  /**
   * The original file's bytes: every part downloaded in order, gunzipped, the repeated header of
   * parts after the first dropped. Each part's stored bytes are hashed on the way and compared
   * with the sha256 recorded at upload; a mismatch (or a truncated part) destroys the stream with
   * an error naming the object before the stream ends, so a consumer that commits only on a clean
   * end (COPY inside a transaction) never keeps corrupt data.
   */
  open(): Readable {
    return Readable.from(this.chunks(), { objectMode: false });
  }

  /** Reads every part back and checks its size and sha256; throws naming each corrupt object. */
  async verify(): Promise<{ parts: number; bytes: number }> {
    const problems: S3StageError[] = [];
    let bytes = 0;
    await forEachLimited(this.parts, 4, async (part) => {
      const stored = await digestObject(this.client, this.bucket, part.key).catch((error: unknown) => {
        throw toS3StageError(error, { ...this.errorContext, action: `reading ${part.url}`, url: part.url });
      });
      bytes += stored.bytes;
      if (stored.bytes !== part.compressedBytes || stored.sha256 !== part.sha256) {
        problems.push(
          integrityError(
            this.bucket,
            part.key,
            `it holds ${stored.bytes} bytes with sha256 ${stored.sha256}, but ${part.compressedBytes} bytes with sha256 ${part.sha256} were staged`,
          ),
        );
      }
    });
    if (problems.length === 1) throw problems[0];
    if (problems.length > 1) {
      throw new S3StageError('integrity', {
        what: `S3 stage: ${problems.length} objects of ${this.manifestUrl} are corrupt`,
        why: problems.map((problem) => problem.url).join(', '),
        fix: 'Stage the file again.',
      });
    }
    return { parts: this.parts.length, bytes };
  }

  private async *chunks(): AsyncGenerator<Buffer> {
    for (const [index, part] of this.parts.entries()) {
      yield* this.partChunks(part, index > 0);
    }
  }

  private async *partChunks(part: S3StagedPart, dropHeader: boolean): AsyncGenerator<Buffer> {
    let body: Readable;
    try {
      body = await readObject(this.client, this.bucket, part.key);
    } catch (error) {
      throw toS3StageError(error, { ...this.errorContext, action: `reading ${part.url}`, url: part.url });
    }
    const hasher = new ObjectHasher();
    const gunzipped = pipeline(body, hasher, createGunzip(), () => undefined);
    let skip = dropHeader ? this.header.length : 0;
    const seen: Buffer[] = [];
    try {
      for await (const chunk of gunzipped as AsyncIterable<Buffer>) {
        if (skip === 0) {
          yield chunk;
          continue;
        }
        const take = Math.min(skip, chunk.length);
        seen.push(chunk.subarray(0, take));
        skip -= take;
        if (skip === 0 && !Buffer.concat(seen).equals(this.header)) {
          throw integrityError(this.bucket, part.key, 'the part does not start with the header record');
        }
        if (take < chunk.length) yield chunk.subarray(take);
      }
    } catch (error) {
      if (error instanceof S3StageError) throw error;
      const code = (error as { code?: string }).code ?? '';
      if (!code.startsWith('Z_')) {
        throw toS3StageError(error, { ...this.errorContext, action: `reading ${part.url}`, url: part.url });
      }
      const read = hasher.digest();
      throw integrityError(
        this.bucket,
        part.key,
        `it does not gunzip (${(error as Error).message}) after ${read.bytes} of the ${part.compressedBytes} bytes staged`,
      );
    }
    const stored = hasher.digest();
    if (stored.bytes !== part.compressedBytes || stored.sha256 !== part.sha256) {
      throw integrityError(
        this.bucket,
        part.key,
        `it holds ${stored.bytes} bytes with sha256 ${stored.sha256}, but ${part.compressedBytes} bytes with sha256 ${part.sha256} were staged`,
      );
    }
  }
}
