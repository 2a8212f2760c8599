import { availableParallelism } from 'node:os';
import { inspect } from 'node:util';
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type ConcurrencyLimit, concurrencyLimit, forEachLimited } from '../common/concurrency';
import { createS3Client } from './create-s3-client';
import { readSmallObject } from './read-object';
import { redshiftManifest } from './redshift-manifest';
import { describeS3Config, resolveS3Config, type S3Config, type S3ConnectionOptions } from './s3-config';
import { type S3ErrorContext, toS3StageError } from './s3-stage-error';
import { S3StagedFile } from './s3-staged-file';
import type { S3StagedPart } from './s3-staged-part';
import { type SourceScan, scanSource } from './scan-source';
import type { Stage } from './stage';
import { DEFAULT_PART_SIZE_BYTES } from './stage-defaults';
import { type StageLayout, s3Url, stageLayout } from './stage-layout';
import { parseStageRecord, STAGE_RECORD_FORMAT, type StageRecord } from './stage-record';
import { uploadPart } from './upload-part';

export interface S3StageOptions extends S3ConnectionOptions {
  /** Names the dataset in the keys, e.g. the dataset folder's basename. */
  dataset: string;
  /** Uncompressed input per part (cut at the next record end); default 64 MiB. */
  partSizeBytes?: number;
  /** lib-storage multipart part size for each object (≥ 5 MiB); default 8 MiB. */
  uploadPartSizeBytes?: number;
  /**
   * gzip level 1-9; default 1: on this project's id-heavy CSVs level 6 saves ~3% of the bytes for
   * ~1.5x the CPU time, and gzip is what bounds staging on a small machine.
   */
  gzipLevel?: number;
  /** Parts compressed and uploaded at once, across all tables; default the CPU count, at most 4. */
  concurrency?: number;
  /** A ready client (tests, custom middleware); by default one is built by createS3Client. */
  client?: S3Client;
  /** The environment to resolve settings from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

const MIB = 1024 * 1024;

/**
 * The S3 stage: each file is cut at record boundaries into parts, gzip-compressed and uploaded
 * under a content-addressed folder with a Redshift COPY manifest; an unchanged file is found by
 * its manifest and not uploaded again. The staged copy can be streamed back (PostgreSQL) or
 * COPYed by Redshift from `manifestUrl`. Call close() when done if the stage built its client.
 */
export class S3Stage implements Stage {
  readonly name = 's3';
  readonly config: S3Config;
  readonly client: S3Client;
  readonly dataset: string;
  private readonly partSizeBytes: number;
  private readonly uploadPartSizeBytes: number;
  private readonly gzipLevel: number;
  private readonly concurrency: number;
  private readonly limit: ConcurrencyLimit;
  private readonly ownsClient: boolean;
  private bucketChecked?: Promise<void>;

  constructor(options: S3StageOptions) {
    this.config = resolveS3Config(options, options.env);
    this.dataset = options.dataset;
    this.partSizeBytes = positive('partSizeBytes', options.partSizeBytes ?? DEFAULT_PART_SIZE_BYTES);
    this.uploadPartSizeBytes = positive('uploadPartSizeBytes', options.uploadPartSizeBytes ?? 8 * MIB);
    if (this.uploadPartSizeBytes < 5 * MIB) {
      throw new RangeError('uploadPartSizeBytes must be at least 5 MiB (the S3 minimum part size)');
    }
    this.gzipLevel = options.gzipLevel ?? 1;
    if (!Number.isInteger(this.gzipLevel) || this.gzipLevel < 1 || this.gzipLevel > 9) {
      throw new RangeError(`gzipLevel must be 1-9, got ${this.gzipLevel}`);
    }
    this.concurrency = positive('concurrency', options.concurrency ?? Math.min(4, availableParallelism()));
    this.limit = concurrencyLimit(this.concurrency);
    this.ownsClient = !options.client;
    this.client = options.client ?? createS3Client(this.config);
  }

  /** Where the stage lives, safe to print. */
  describe(): string {
    return describeS3Config(this.config);
  }

  /** Printing a stage shows where it lives, not the client's internals. */
  [inspect.custom](): string {
    return `S3Stage ${this.describe()}`;
  }

  toJSON(): { name: string; location: string } {
    return { name: this.name, location: this.describe() };
  }

  async stage(path: string, table: string): Promise<S3StagedFile> {
    const started = performance.now();
    await this.checkBucket();
    const scan = await scanSource(path, this.partSizeBytes);
    const layout = stageLayout(this.config.prefix, this.dataset, table, scan.sha256);
    const existing = await this.findStaged(layout, scan);
    const record = existing ?? (await this.upload(path, table, scan, layout));
    return new S3StagedFile(
      this.client,
      record,
      {
        bucket: this.config.bucket,
        manifestKey: layout.manifestKey,
        manifestUrl: this.url(layout.manifestKey),
      },
      {
        stage: 's3',
        table,
        parts: record.parts.length,
        rawBytes: scan.bytes,
        compressedBytes: record.parts.reduce((sum, part) => sum + part.compressedBytes, 0),
        seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
        skipped: existing !== undefined,
        manifestUrl: this.url(layout.manifestKey),
      },
      this.errorContext(),
    );
  }

  /** Releases the client's sockets (only a client this stage built). */
  close(): void {
    if (this.ownsClient) this.client.destroy();
  }

  private async upload(
    path: string,
    table: string,
    scan: SourceScan,
    layout: StageLayout,
  ): Promise<StageRecord> {
    const parts: S3StagedPart[] = [];
    await forEachLimited(scan.ranges, this.concurrency, async (range, index) => {
      const key = layout.partKey(index);
      parts[index] = await this.limit(() =>
        uploadPart({
          client: this.client,
          bucket: this.config.bucket,
          key,
          path,
          range,
          ...(index > 0 ? { header: scan.header } : {}),
          gzipLevel: this.gzipLevel,
          uploadPartSizeBytes: this.uploadPartSizeBytes,
          queueSize: 2,
        }),
      ).catch((error: unknown) => {
        throw toS3StageError(error, {
          ...this.errorContext(),
          action: `uploading ${this.url(key)}`,
          url: this.url(key),
        });
      });
    });
    const record: StageRecord = {
      format: STAGE_RECORD_FORMAT,
      dataset: this.dataset,
      table,
      source: { sha256: scan.sha256, bytes: scan.bytes },
      header: scan.header.toString('base64'),
      partSizeBytes: this.partSizeBytes,
      parts,
      stagedAt: new Date().toISOString(),
    };
    // The manifest goes last: its presence means every part and stage.json are complete.
    await this.putJson(layout.recordKey, record);
    await this.putJson(layout.manifestKey, redshiftManifest(this.config.bucket, parts));
    return record;
  }

  /**
   * The record of an earlier staging of the same content, if it is complete: manifest and
   * stage.json present and every part still there with its size. Otherwise the file is staged
   * again (same keys, so a damaged copy is repaired).
   */
  private async findStaged(layout: StageLayout, scan: SourceScan): Promise<StageRecord | undefined> {
    const action = `looking for ${this.url(layout.manifestKey)}`;
    try {
      if ((await readSmallObject(this.client, this.config.bucket, layout.manifestKey)) === undefined) return;
      const text = await readSmallObject(this.client, this.config.bucket, layout.recordKey);
      const record = text === undefined ? undefined : parseStageRecord(text, scan.sha256);
      if (!record) return;
      let complete = true;
      await forEachLimited(record.parts, 8, async (part) => {
        const head = await this.client
          .send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: part.key }))
          .catch(() => undefined);
        if (head?.ContentLength !== part.compressedBytes) complete = false;
      });
      return complete ? record : undefined;
    } catch (error) {
      throw toS3StageError(error, { ...this.errorContext(), action });
    }
  }

  /**
   * Fails fast, once per stage, when the bucket is missing or out of reach. A one-key listing
   * rather than HeadBucket: HEAD answers carry no error code, so a bad key and a missing
   * permission would look alike. ListBucket is needed anyway to tell a missing manifest (404) from
   * a forbidden one (403). MaxKeys 0: nothing to transfer, and s3rver fails on truncated
   * listings.
   */
  private checkBucket(): Promise<void> {
    this.bucketChecked ??= this.client
      .send(new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: this.config.prefix, MaxKeys: 0 }))
      .then(() => undefined)
      .catch((error: unknown) => {
        this.bucketChecked = undefined;
        throw toS3StageError(error, {
          ...this.errorContext(),
          action: `checking bucket "${this.config.bucket}"`,
        });
      });
    return this.bucketChecked;
  }

  private async putJson(key: string, value: unknown): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.config.bucket,
          Key: key,
          Body: `${JSON.stringify(value, null, 2)}\n`,
          ContentType: 'application/json',
        }),
      );
    } catch (error) {
      throw toS3StageError(error, {
        ...this.errorContext(),
        action: `writing ${this.url(key)}`,
        url: this.url(key),
      });
    }
  }

  private url(key: string): string {
    return s3Url(this.config.bucket, key);
  }

  private errorContext(): Omit<S3ErrorContext, 'action'> {
    return {
      bucket: this.config.bucket,
      ...(this.config.endpoint ? { endpoint: this.config.endpoint } : {}),
      ...(this.config.region ? { region: this.config.region } : {}),
      secrets: this.config.secrets,
    };
  }
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
