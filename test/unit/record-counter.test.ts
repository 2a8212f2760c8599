import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RecordCounter } from '../../src/loader/record-counter';

/** Records counted the slow way: a per-byte scan for newlines outside quotes. */
function referenceRecords(input: Buffer): number {
  let records = 0;
  let inQuotes = false;
  for (const byte of input) {
    if (byte === 0x22) inQuotes = !inQuotes;
    else if (byte === 0x0a && !inQuotes) records++;
  }
  return input.length && input[input.length - 1] !== 0x0a ? records + 1 : records;
}

async function count(input: Buffer, chunkSize: number, options = {}): Promise<RecordCounter> {
  const chunks: Buffer[] = [];
  for (let at = 0; at < input.length; at += chunkSize) chunks.push(input.subarray(at, at + chunkSize));
  const counter = new RecordCounter(options);
  await pipeline(Readable.from(chunks), counter, async function* (source) {
    for await (const _ of source) yield* [];
  });
  return counter;
}

describe('RecordCounter', () => {
  const quoted = Buffer.from(
    'id,name\n1,"Smith, ""Jo""\nsecond line"\n2,plain\n3,"x"\n4,"a\n\nb"\n5,"""quoted"""\n6,last',
  );

  it('counts records as a per-byte scan does, however the input is cut into chunks', async () => {
    const expected = referenceRecords(quoted);
    assert.equal(expected, 7);
    for (const chunkSize of [1, 2, 3, 5, 7, 16, quoted.length]) {
      const counter = await count(quoted, chunkSize);
      assert.equal(counter.records, expected, `chunks of ${chunkSize} bytes`);
      assert.equal(counter.dataRows, expected - 1);
      assert.equal(counter.bytes, quoted.length);
    }
  });

  it('counts a large file without quotes in big chunks (the loader reads 1 MB at a time)', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `${i},order-${i},JAF-00${i % 9}`);
    const input = Buffer.from(`id,order_id,sku\n${lines.join('\n')}\n`);
    for (const chunkSize of [64 * 1024, 1 << 20]) {
      const counter = await count(input, chunkSize);
      assert.equal(counter.dataRows, 50_000, `chunks of ${chunkSize} bytes`);
    }
  });

  it('hashes the bytes in the same pass when asked: the sha256 of the whole input, however it is cut', async () => {
    const expected = createHash('sha256').update(quoted).digest('hex');
    for (const chunkSize of [1, 7, quoted.length]) {
      const counter = await count(quoted, chunkSize, { sha256: true });
      assert.equal(counter.sha256, expected, `chunks of ${chunkSize} bytes`);
      assert.equal(counter.records, referenceRecords(quoted));
    }
    assert.equal((await count(quoted, 5)).sha256, undefined, 'no hash unless asked');
  });
});
