import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { at } from '../common/at';
import { RecordSplitter } from './record-splitter';

export interface SourceRange {
  start: number;
  end: number;
  /** sha256 of the source bytes in [start, end), to notice a file that changes before upload. */
  sha256: string;
}

export interface SourceScan {
  /** sha256 of the whole file: the content address of its staged copy. */
  sha256: string;
  bytes: number;
  mtimeMs: number;
  /** The header record (line ending included, byte-order mark excluded). */
  header: Buffer;
  ranges: SourceRange[];
}

/**
 * The first, read-only pass over a source file: its sha256 (the staged copy's key must be known
 * before anything is uploaded, both to skip an unchanged file and to name the parts), where to cut
 * it into parts at record boundaries, and a sha256 per part. Hashing runs at ~1 GB/s and the
 * quote scan jumps with indexOf, so this costs a fraction of the gzip pass, and it lets the parts
 * be compressed and uploaded in parallel afterwards.
 */
export async function scanSource(path: string, partSizeBytes: number): Promise<SourceScan> {
  const { mtimeMs } = await stat(path);
  const whole = createHash('sha256');
  const splitter = new RecordSplitter(partSizeBytes);
  const partHashes: Hash[] = [createHash('sha256')];
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    whole.update(chunk);
    const chunkStart = splitter.bytes;
    let from = 0;
    for (const cut of splitter.write(chunk)) {
      (partHashes.at(-1) as Hash).update(chunk.subarray(from, cut - chunkStart));
      partHashes.push(createHash('sha256'));
      from = cut - chunkStart;
    }
    (partHashes.at(-1) as Hash).update(chunk.subarray(from));
  }
  const ranges = splitter.ranges();
  // A cut at the very end of the file opened a hash for an empty part that ranges() drops.
  const digests = partHashes.slice(0, ranges.length).map((hash) => hash.digest('hex'));
  return {
    sha256: whole.digest('hex'),
    bytes: splitter.bytes,
    mtimeMs,
    header: splitter.header,
    ranges: ranges.map((range, index) => ({ ...range, sha256: at(digests, index, 'a part digest') })),
  };
}
