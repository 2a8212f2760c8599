import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { integrityError } from './integrity-error';
import { etagMatches, type ObjectDigest, ObjectHasher } from './object-hasher';
import { digestObject } from './read-object';
import { S3StageError } from './s3-stage-error';
import type { S3StagedPart } from './s3-staged-part';
import type { SourceRange } from './scan-source';
import { s3Url } from './stage-layout';

export interface UploadPartInput {
  client: S3Client;
  bucket: string;
  key: string;
  path: string;
  range: SourceRange;
  /** The header record to put first; set for every part but the first (which starts with it). */
  header?: Buffer;
  gzipLevel: number;
  /** lib-storage's multipart part size (≥ 5 MiB); also the slice size of the multipart ETag. */
  uploadPartSizeBytes: number;
  /** Multipart parts of this object in flight at once. */
  queueSize: number;
}

/**
 * Streams one part up: source byte range (after the header when given) → gzip → hasher →
 * lib-storage Upload, so neither the file nor a part is ever held in memory. Then checks that S3
 * stores exactly the bytes that left this process (see verifyStored) and that the source range
 * still has the content the first pass saw.
 */
export async function uploadPart(input: UploadPartInput): Promise<S3StagedPart> {
  const { client, bucket, key, range } = input;
  const sourceHash = createHash('sha256');
  const source = Readable.from(rawBytes(input, sourceHash), { objectMode: false });
  const hasher = new ObjectHasher(input.uploadPartSizeBytes);
  const compressing = pipeline(source, createGzip({ level: input.gzipLevel }), hasher);
  const upload = new Upload({
    client,
    params: { Bucket: bucket, Key: key, Body: hasher, ContentType: 'application/gzip' },
    partSize: input.uploadPartSizeBytes,
    queueSize: input.queueSize,
    leavePartsOnError: false,
  });
  const uploading = upload.done();
  let result: Awaited<typeof uploading>;
  try {
    [result] = await Promise.all([uploading, compressing]);
  } catch (error) {
    // Stop both sides and let them settle, so nothing is still sending once this rejects.
    source.destroy();
    hasher.destroy();
    await Promise.allSettled([uploading, compressing]);
    throw error;
  }
  const digest = hasher.digest();
  const headerBytes = input.header?.length ?? 0;
  if (sourceHash.digest('hex') !== range.sha256) {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
    throw new S3StageError('source-changed', {
      what: `S3 stage: ${input.path} changed while it was being staged`,
      why: `bytes ${range.start}-${range.end} differ from the first pass, so the staged copy would not match its content hash`,
      fix: 'Stage it again once the file is no longer being written.',
      url: s3Url(bucket, key),
    });
  }
  await verifyStored(client, bucket, key, digest, result as UploadResult);
  return {
    key,
    url: s3Url(bucket, key),
    sourceStart: range.start,
    sourceEnd: range.end,
    rawBytes: range.end - range.start + headerBytes,
    compressedBytes: digest.bytes,
    sha256: digest.sha256,
    md5: digest.md5,
  };
}

interface UploadResult {
  ETag?: string;
  ServerSideEncryption?: string;
  SSECustomerAlgorithm?: string;
}

/**
 * Integrity at upload: the ETag S3 returns is compared with the md5 computed locally, in both its
 * single-PUT and multipart (`md5(md5(part)…)-N`, with the part size lib-storage was given) forms,
 * since which one comes back depends on the part's size and on the server (s3rver answers the
 * plain md5 even for multipart uploads). It costs nothing extra. Where the ETag is not an md5 at
 * all (SSE-KMS or SSE-C encrypted buckets), or is missing, the object is read back and its sha256
 * compared instead: slower but independent of ETag semantics.
 */
async function verifyStored(
  client: S3Client,
  bucket: string,
  key: string,
  digest: ObjectDigest,
  result: UploadResult,
): Promise<void> {
  const etagIsMd5 =
    result.ETag !== undefined &&
    !result.SSECustomerAlgorithm &&
    !(result.ServerSideEncryption ?? '').startsWith('aws:kms');
  if (etagIsMd5 && etagMatches(result.ETag as string, digest)) return;
  if (!etagIsMd5) {
    const stored = await digestObject(client, bucket, key);
    if (stored.sha256 === digest.sha256 && stored.bytes === digest.bytes) return;
    throw integrityError(
      bucket,
      key,
      `S3 stores ${stored.bytes} bytes with sha256 ${stored.sha256}, but ${digest.bytes} bytes with sha256 ${digest.sha256} were uploaded`,
    );
  }
  throw integrityError(
    bucket,
    key,
    `S3 answered ETag ${result.ETag}, but the ${digest.bytes} uploaded bytes have md5 ${digest.md5} (multipart form ${digest.multipartEtag})`,
  );
}

/**
 * The part's uncompressed bytes: for parts after the first, the header record comes first,
 * because Redshift's COPY … IGNOREHEADER 1 skips the first line of every file it reads, so every
 * part must start with the header (open() drops the repeats when it streams the file back).
 */
async function* rawBytes(input: UploadPartInput, sourceHash: Hash): AsyncGenerator<Buffer> {
  if (input.header) yield input.header;
  if (input.range.end === input.range.start) return;
  const file = createReadStream(input.path, {
    start: input.range.start,
    end: input.range.end - 1,
    highWaterMark: 1 << 20,
  });
  for await (const chunk of file as AsyncIterable<Buffer>) {
    sourceHash.update(chunk);
    yield chunk;
  }
}
