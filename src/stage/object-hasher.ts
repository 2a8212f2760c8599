import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export interface ObjectDigest {
  bytes: number;
  sha256: string;
  md5: string;
  /** The ETag S3 gives a multipart upload cut into slices of `sliceBytes`: md5(md5(slice)…)-N. */
  multipartEtag: string;
}

/**
 * Passes bytes through while hashing them as S3 will see them: sha256 and md5 of the whole, and
 * the md5 of every `sliceBytes` slice (lib-storage cuts a stream into fixed-size parts, so these
 * are the multipart parts) for the multipart ETag.
 */
export class ObjectHasher extends Transform {
  private readonly sha256 = createHash('sha256');
  private readonly md5 = createHash('md5');
  private slice: Hash = createHash('md5');
  private sliceFill = 0;
  private readonly sliceDigests: Buffer[] = [];
  private bytes = 0;
  private result?: ObjectDigest;

  constructor(readonly sliceBytes = Number.POSITIVE_INFINITY) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.update(chunk);
    done(null, chunk);
  }

  update(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.sha256.update(chunk);
    this.md5.update(chunk);
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(chunk.length - at, this.sliceBytes - this.sliceFill);
      this.slice.update(chunk.subarray(at, at + take));
      this.sliceFill += take;
      at += take;
      if (this.sliceFill === this.sliceBytes) {
        this.sliceDigests.push(this.slice.digest());
        this.slice = createHash('md5');
        this.sliceFill = 0;
      }
    }
  }

  /** The digests of everything that passed; call once the stream has ended. */
  digest(): ObjectDigest {
    if (this.result) return this.result;
    if (this.sliceFill > 0 || this.sliceDigests.length === 0) this.sliceDigests.push(this.slice.digest());
    const combined = createHash('md5').update(Buffer.concat(this.sliceDigests)).digest('hex');
    this.result = {
      bytes: this.bytes,
      sha256: this.sha256.digest('hex'),
      md5: this.md5.digest('hex'),
      multipartEtag: `${combined}-${this.sliceDigests.length}`,
    };
    return this.result;
  }
}

/**
 * Whether an ETag is the one these bytes give: the plain md5 (single PUT, and also what s3rver
 * answers for a multipart upload) or the multipart form (AWS).
 */
export function etagMatches(etag: string, digest: ObjectDigest): boolean {
  const clean = etag.replace(/"/g, '').toLowerCase();
  return clean === digest.md5 || clean === digest.multipartEtag;
}
