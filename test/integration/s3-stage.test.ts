import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/stage/create-s3-client';
import type { RedshiftManifest } from '../../src/stage/redshift-manifest';
import { resolveS3Config } from '../../src/stage/s3-config';
import { S3Stage, type S3StageOptions } from '../../src/stage/s3-stage';
import { S3StageError } from '../../src/stage/s3-stage-error';
import type { S3StagedFile } from '../../src/stage/s3-staged-file';
import { uploadPart } from '../../src/stage/upload-part';
import { countCommands, startTestS3, type TestS3 } from '../support/s3-server';

const MIB = 1024 * 1024;
const HEADER = 'id,"payload, with comma",note\n';

/**
 * A CSV of `records` rows whose middle field is a quoted block of random base64 (it compresses
 * poorly, so parts stay above the 5 MiB multipart threshold) broken by newlines, CRLFs, commas and
 * doubled quotes: almost every byte is inside quotes, so every part boundary falls in one.
 */
/** The same pseudo-random bytes on every run (sha256 of a counter), so the file's layout is fixed. */
function seededBytes(length: number): Buffer {
  const chunks: Buffer[] = [];
  for (let i = 0, total = 0; total < length; i++, total += 32) {
    chunks.push(createHash('sha256').update(`noise-${i}`).digest());
  }
  return Buffer.concat(chunks).subarray(0, length);
}

/**
 * A CSV whose quoted fields hold commas, doubled quotes, LF and CRLF. Deterministic: the test below
 * relies on the part threshold falling inside a quoted field, which random data would miss now and then.
 */
function quotedCsv(records: number, fieldBytes: number): Buffer {
  const noise = seededBytes(Math.ceil((records * fieldBytes * 3) / 4) + 3).toString('base64');
  const rows: string[] = [HEADER];
  for (let i = 0; i < records; i++) {
    const text = noise.slice(i * fieldBytes, (i + 1) * fieldBytes);
    const field = text
      .replace(/(.{97})/g, '$1\n')
      .replace(/\+/g, ',')
      .replace(/\//g, '""')
      .replace(/A/g, '\r\n');
    rows.push(`${i},"${field}",r${i}${i % 3 === 0 ? '\r\n' : '\n'}`);
  }
  return Buffer.from(rows.join(''));
}

const tempDirs: string[] = [];

/** Writes a source file in a temp folder removed after the tests. */
function tempFile(name: string, content: Buffer | string): string {
  const dir = mkdtempSync(join(tmpdir(), 'etl-s3-src-'));
  tempDirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function getObject(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(
    await (response.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
  );
}

function snapshot(counts: Map<string, number>): (name: string) => number {
  const before = new Map(counts);
  return (name) => (counts.get(name) ?? 0) - (before.get(name) ?? 0);
}

const rejectsWith = async (promise: Promise<unknown>, code: string, text: RegExp) =>
  assert.rejects(promise, (error: S3StageError) => {
    assert.ok(error instanceof S3StageError, String(error));
    assert.equal(error.code, code, error.message);
    assert.match(error.message, text);
    return true;
  });

describe('S3 stage (s3rver)', () => {
  let s3: TestS3;
  before(async () => {
    s3 = await startTestS3();
  });
  after(async () => {
    await s3?.close();
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const newStage = (options: Partial<S3StageOptions> = {}) =>
    new S3Stage({
      bucket: s3.bucket,
      endpoint: s3.endpoint,
      credentials: s3.credentials,
      client: s3.client,
      dataset: 'test',
      gzipLevel: 1,
      ...options,
    });

  describe('a multi-megabyte file staged in multipart parts', () => {
    const partSizeBytes = 8 * MIB;
    let original: Buffer;
    let path: string;
    let staged: S3StagedFile;
    let uploads: (name: string) => number;

    before(async () => {
      original = quotedCsv(22_000, 1000);
      path = tempFile('big.csv', original);
      uploads = snapshot(s3.commands);
      staged = await newStage({ partSizeBytes, uploadPartSizeBytes: 5 * MIB }).stage(path, 'big');
    });

    it('cuts at record ends, never inside a quoted newline, and every part starts with the header', async () => {
      assert.equal(staged.parts.length, 3);
      assert.equal(staged.summary.skipped, false);
      let cutsPastQuotedNewlines = 0;
      for (const [index, part] of staged.parts.entries()) {
        const raw = gunzipSync(await getObject(s3.client, s3.bucket, part.key));
        assert.equal(raw.length, part.rawBytes);
        assert.ok(
          raw.subarray(0, HEADER.length).equals(Buffer.from(HEADER)),
          `part ${index + 1} starts with the header`,
        );
        const quotes = raw.toString('latin1').split('"').length - 1;
        assert.equal(quotes % 2, 0, `part ${index + 1} has balanced quotes (a valid CSV fragment)`);
        if (index < staged.parts.length - 1) {
          assert.ok(part.sourceEnd - part.sourceStart >= partSizeBytes);
          assert.equal(original[part.sourceEnd - 1], 0x0a);
          // A threshold inside a quoted field: the first newline after it is not the cut.
          const threshold = part.sourceStart + partSizeBytes - 1;
          if (original.indexOf(0x0a, threshold) + 1 !== part.sourceEnd) cutsPastQuotedNewlines++;
        }
      }
      assert.ok(cutsPastQuotedNewlines > 0, 'a threshold fell inside a quoted field (the case under test)');
    });

    it('uploaded each part above 5 MiB compressed as a multipart upload', () => {
      assert.ok(
        staged.parts[0] && staged.parts[0].compressedBytes > 5 * MIB,
        'parts large enough for multipart',
      );
      assert.equal(uploads('CreateMultipartUploadCommand'), 2, 'the two full parts');
      assert.equal(uploads('UploadPartCommand'), 4);
      assert.equal(uploads('PutObjectCommand'), 3, 'the last part, stage.json and manifest.json');
    });

    it('stores parts whose gunzipped concatenation minus repeated headers is the file, byte for byte', async () => {
      const pieces: Buffer[] = [];
      for (const [index, part] of staged.parts.entries()) {
        const raw = gunzipSync(await getObject(s3.client, s3.bucket, part.key));
        pieces.push(index === 0 ? raw : raw.subarray(HEADER.length));
      }
      assert.ok(Buffer.concat(pieces).equals(original));
    });

    it('writes a Redshift manifest listing every part with its stored size, next to the parts', async () => {
      const sha = createHash('sha256').update(original).digest('hex');
      const folder = `etl-workbook/test/big/${sha}/`;
      assert.equal(staged.manifestKey, `${folder}manifest.json`);
      assert.equal(staged.manifestUrl, `s3://${s3.bucket}/${folder}manifest.json`);
      const manifest: RedshiftManifest = JSON.parse(
        (await getObject(s3.client, s3.bucket, staged.manifestKey)).toString(),
      );
      const stored = manifest.entries.reduce((sum, entry) => sum + entry.meta.content_length, 0);
      assert.equal(staged.summary.compressedBytes, stored);
      const expected = [];
      for (let n = 1; n <= 3; n++) {
        const key = `${folder}part-000${n}.csv.gz`;
        const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
        expected.push({
          url: `s3://${s3.bucket}/${key}`,
          mandatory: true,
          meta: { content_length: head.ContentLength },
        });
      }
      assert.deepEqual(manifest, { entries: expected });
      const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: folder }));
      assert.deepEqual((listed.Contents ?? []).map((object) => object.Key?.slice(folder.length)).sort(), [
        'manifest.json',
        'part-0001.csv.gz',
        'part-0002.csv.gz',
        'part-0003.csv.gz',
        'stage.json',
      ]);
      assert.equal(staged.summary.rawBytes, original.length);
    });

    it('does not upload an unchanged file again', async () => {
      const before = await s3.client.send(
        new HeadObjectCommand({ Bucket: s3.bucket, Key: staged.parts[0]?.key }),
      );
      const calls = snapshot(s3.commands);
      const again = await newStage({ partSizeBytes }).stage(path, 'big');
      assert.equal(again.summary.skipped, true);
      assert.equal(again.manifestUrl, staged.manifestUrl);
      assert.deepEqual(again.parts, staged.parts);
      for (const name of ['PutObjectCommand', 'UploadPartCommand', 'CreateMultipartUploadCommand']) {
        assert.equal(calls(name), 0, `${name} sent`);
      }
      const after = await s3.client.send(
        new HeadObjectCommand({ Bucket: s3.bucket, Key: staged.parts[0]?.key }),
      );
      assert.deepEqual(after.LastModified, before.LastModified);
    });

    it('open() streams back exactly the original bytes, and verify() passes', async () => {
      assert.ok((await readAll(staged.open())).equals(original));
      assert.deepEqual(await staged.verify(), { parts: 3, bytes: staged.summary.compressedBytes });
    });
  });

  describe('round trips of awkward files', () => {
    const cases: Record<string, string> = {
      'byte-order mark and CRLF': `\uFEFFid,name\r\n${Array.from({ length: 400 }, (_, i) => `${i},"n\r\n""${i}"", x"\r\n`).join('')}`,
      'no final newline': `id,name\n${Array.from({ length: 300 }, (_, i) => `${i},"a,\nb"`).join('\n')}`,
      'a header only': 'id,name\n',
      'an empty file': '',
    };
    for (const [name, content] of Object.entries(cases)) {
      it(name, async () => {
        const staged = await newStage({ partSizeBytes: 512, dataset: 'edges' }).stage(
          tempFile('e.csv', content),
          't',
        );
        if (content.length > 2000) assert.ok(staged.parts.length > 5, `${staged.parts.length} parts`);
        assert.equal((await readAll(staged.open())).toString(), content);
      });
    }
  });

  describe('integrity', () => {
    const content = `id,name\n${Array.from({ length: 3000 }, (_, i) => `${i},"name ${i}, ""quoted""\nline"`).join('\n')}\n`;
    let stage: S3Stage;
    let staged: S3StagedFile;
    let path: string;

    beforeEach(async () => {
      stage = newStage({ partSizeBytes: 16 * 1024, dataset: 'integrity' });
      path = tempFile('i.csv', `${content}${randomBytes(4).toString('hex')},x\n`);
      staged = await stage.stage(path, 't');
      assert.ok(staged.parts.length >= 3);
    });

    it('open() and verify() name a part overwritten with other bytes', async () => {
      const victim = staged.parts[1]?.key as string;
      const other = gzipSync(Buffer.from('id,name\n1,forged\n'));
      await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: victim, Body: other }));
      await rejectsWith(
        readAll(staged.open()),
        'integrity',
        new RegExp(`s3://${s3.bucket}/${victim} is corrupt.*sha256`),
      );
      await rejectsWith(staged.verify(), 'integrity', new RegExp(`${victim} is corrupt`));
    });

    it('open() and verify() name a truncated part; staging again repairs it', async () => {
      const victim = staged.parts[0]?.key as string;
      const stored = await getObject(s3.client, s3.bucket, victim);
      await s3.client.send(
        new PutObjectCommand({
          Bucket: s3.bucket,
          Key: victim,
          Body: stored.subarray(0, stored.length >> 1),
        }),
      );
      await rejectsWith(
        readAll(staged.open()),
        'integrity',
        new RegExp(`${victim} is corrupt.*does not gunzip`),
      );
      await rejectsWith(staged.verify(), 'integrity', new RegExp(`${victim} is corrupt`));
      const repaired = await stage.stage(path, 't');
      assert.equal(repaired.summary.skipped, false, 'a damaged copy is uploaded again');
      assert.equal((await readAll(repaired.open())).toString(), readFileSync(path, 'utf8'));
    });

    it('a part missing from S3 is named by open()', async () => {
      const victim = staged.parts[2]?.key as string;
      await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: victim }));
      await rejectsWith(readAll(staged.open()), 'integrity', new RegExp(`${victim} does not exist`));
    });

    it('detects bytes altered on the way up (ETag check), naming the key', async () => {
      const client = createS3Client(
        resolveS3Config({ bucket: s3.bucket, endpoint: s3.endpoint, credentials: s3.credentials }, {}),
      );
      client.middlewareStack.add(
        (next) => async (args) => {
          const input = args.input as { Key?: string; Body?: unknown };
          if (input.Key?.endsWith('.csv.gz') && Buffer.isBuffer(input.Body) && input.Body.length > 0) {
            const altered = Buffer.from(input.Body);
            altered[altered.length - 1] ^= 0xff;
            input.Body = altered;
          }
          return next(args);
        },
        { step: 'initialize' },
      );
      const altered = newStage({ client, partSizeBytes: 16 * 1024, dataset: 'altered' });
      await rejectsWith(
        altered.stage(path, 't'),
        'integrity',
        /part-000\d\.csv\.gz is corrupt: S3 answered ETag/,
      );
      client.destroy();
    });

    it('reads the object back when the ETag is not an md5 (SSE-KMS)', async () => {
      const client = createS3Client(
        resolveS3Config({ bucket: s3.bucket, endpoint: s3.endpoint, credentials: s3.credentials }, {}),
      );
      client.middlewareStack.add(
        (next) => async (args) => {
          const result = await next(args);
          const output = result.output as { ETag?: string; ServerSideEncryption?: string };
          if (output.ETag)
            Object.assign(output, {
              ETag: '"ffffffffffffffffffffffffffffffff"',
              ServerSideEncryption: 'aws:kms',
            });
          return result;
        },
        { step: 'initialize' },
      );
      const counts = countCommands(client);
      const kms = await newStage({ client, partSizeBytes: 16 * 1024, dataset: 'kms' }).stage(path, 't');
      assert.equal(kms.summary.skipped, false);
      // One GET for the (absent) manifest, then one read-back per part.
      assert.equal(counts.get('GetObjectCommand'), kms.parts.length + 1);
      assert.equal((await readAll(kms.open())).toString(), readFileSync(path, 'utf8'));
      client.destroy();
    });

    it('refuses a source that changed between the hash pass and the upload, removing the part', async () => {
      const key = 'etl-workbook/changed/part-0001.csv.gz';
      const upload = uploadPart({
        client: s3.client,
        bucket: s3.bucket,
        key,
        path,
        range: { start: 0, end: 100, sha256: '0'.repeat(64) },
        gzipLevel: 1,
        uploadPartSizeBytes: 5 * MIB,
        queueSize: 1,
      });
      await rejectsWith(upload, 'source-changed', /changed while it was being staged/);
      await assert.rejects(s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key })), {
        name: 'NotFound',
      });
    });
  });

  describe('the client settings for a local S3 (DESIGN fact)', () => {
    const data = Buffer.from('id,name\n1,"a\nb"\n'.repeat(2000));
    const putStream = (client: S3Client, key: string) =>
      client.send(
        new PutObjectCommand({
          Bucket: s3.bucket,
          Key: key,
          Body: Readable.from([data]),
          ContentLength: data.length,
        }),
      );

    it('a streamed upload through createS3Client stores exactly the bytes sent', async () => {
      await putStream(s3.client, 'fact/with-when-required');
      assert.ok((await getObject(s3.client, s3.bucket, 'fact/with-when-required')).equals(data));
    });

    it('the same upload through a default client stores aws-chunked framing instead', async () => {
      const naive = new S3Client({
        endpoint: s3.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: s3.credentials,
      });
      try {
        await putStream(naive, 'fact/default-client');
      } finally {
        naive.destroy();
      }
      const stored = await getObject(s3.client, s3.bucket, 'fact/default-client');
      assert.ok(!stored.equals(data), 'if this fails, the SDK no longer corrupts streams to s3rver');
      assert.match(
        stored.subarray(0, 16).toString('latin1'),
        /^[0-9a-f]+\r\n/,
        'a chunk-size line opens the object',
      );
    });
  });

  describe('errors', () => {
    it('names a missing bucket and how to fix it', async () => {
      const stage = new S3Stage({
        bucket: 'no-such-bucket',
        endpoint: s3.endpoint,
        credentials: s3.credentials,
        dataset: 'd',
      });
      try {
        await rejectsWith(
          stage.stage(tempFile('x.csv', 'a\n1\n'), 't'),
          'bucket-missing',
          /bucket "no-such-bucket" does not exist at endpoint http:\/\/127\.0\.0\.1:\d+.*aws s3 mb/,
        );
      } finally {
        stage.close();
      }
    });

    it('reports rejected credentials without printing the secret key', async () => {
      // s3rver checks the access key id only (it does not verify SigV4 signatures).
      const secret = 'not-the-right-secret-key-1234';
      const stage = new S3Stage({
        bucket: s3.bucket,
        endpoint: s3.endpoint,
        credentials: { accessKeyId: 'NOT-S3RVER', secretAccessKey: secret },
        dataset: 'd',
      });
      try {
        await assert.rejects(stage.stage(tempFile('x.csv', 'a\n1\n'), 't'), (error: S3StageError) => {
          assert.equal(error.code, 'credentials', error.message);
          assert.ok(!error.message.includes(secret));
          return true;
        });
      } finally {
        stage.close();
      }
    });
  });
});
