import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { etagMatches, ObjectHasher } from '../../src/stage/object-hasher';
import { redshiftManifest } from '../../src/stage/redshift-manifest';
import { parseS3Url, s3Url, stageLayout } from '../../src/stage/stage-layout';
import { parseStageRecord, STAGE_RECORD_FORMAT } from '../../src/stage/stage-record';

const HASH = 'ab'.repeat(32);

describe('stage layout, manifest and record', () => {
  it('lays out keys as <prefix>/<dataset>/<table>/<content-hash>/part-NNNN.csv.gz', () => {
    const layout = stageLayout('etl-workbook', 'jaffle', 'raw_orders', HASH);
    assert.equal(layout.folder, `etl-workbook/jaffle/raw_orders/${HASH}/`);
    assert.equal(layout.partKey(0), `etl-workbook/jaffle/raw_orders/${HASH}/part-0001.csv.gz`);
    assert.equal(layout.partKey(41), `etl-workbook/jaffle/raw_orders/${HASH}/part-0042.csv.gz`);
    assert.equal(layout.manifestKey, `etl-workbook/jaffle/raw_orders/${HASH}/manifest.json`);
    assert.equal(layout.recordKey, `etl-workbook/jaffle/raw_orders/${HASH}/stage.json`);
  });

  it('normalizes the prefix (slashes, nested, empty)', () => {
    assert.equal(stageLayout('/team/etl/', 'd', 't', HASH).folder, `team/etl/d/t/${HASH}/`);
    assert.equal(stageLayout('', 'd', 't', HASH).folder, `d/t/${HASH}/`);
  });

  it('refuses dataset or table names that would break the key layout', () => {
    for (const bad of ['', '..', 'a/b', 'a\nb']) {
      assert.throws(() => stageLayout('p', bad, 't', HASH), /cannot be part of an S3 key/);
      assert.throws(() => stageLayout('p', 'd', bad, HASH), /cannot be part of an S3 key/);
    }
  });

  it('formats and parses s3:// URLs', () => {
    assert.equal(s3Url('b', 'k/x.gz'), 's3://b/k/x.gz');
    assert.deepEqual(parseS3Url('s3://b/k/x.gz'), { bucket: 'b', key: 'k/x.gz' });
    assert.throws(() => parseS3Url('https://b/k'), /not an s3:\/\/bucket\/key URL/);
  });

  it('writes a Redshift COPY manifest: url, mandatory, meta.content_length', () => {
    const manifest = redshiftManifest('bkt', [
      { key: 'p/part-0001.csv.gz', compressedBytes: 120 },
      { key: 'p/part-0002.csv.gz', compressedBytes: 7 },
    ]);
    assert.equal(
      JSON.stringify(manifest),
      '{"entries":[{"url":"s3://bkt/p/part-0001.csv.gz","mandatory":true,"meta":{"content_length":120}},' +
        '{"url":"s3://bkt/p/part-0002.csv.gz","mandatory":true,"meta":{"content_length":7}}]}',
    );
  });

  it('accepts only a stage record of this format for the same content', () => {
    const record = {
      format: STAGE_RECORD_FORMAT,
      source: { sha256: HASH, bytes: 3 },
      header: 'aA==',
      parts: [{ key: 'k', compressedBytes: 3, sha256: 'x' }],
    };
    assert.ok(parseStageRecord(JSON.stringify(record), HASH));
    assert.equal(parseStageRecord(JSON.stringify(record), 'cd'.repeat(32)), undefined);
    assert.equal(parseStageRecord(JSON.stringify({ ...record, format: 'other/9' }), HASH), undefined);
    assert.equal(parseStageRecord(JSON.stringify({ ...record, parts: [] }), HASH), undefined);
    assert.equal(parseStageRecord('{not json', HASH), undefined);
  });
});

describe('ObjectHasher', () => {
  const md5 = (data: Buffer) => createHash('md5').update(data).digest();

  it('computes sha256, md5 and the multipart ETag md5(md5(slice)…)-N whatever the chunking', () => {
    const data = Buffer.from(Array.from({ length: 2500 }, (_, i) => i % 251));
    const hasher = new ObjectHasher(1000);
    for (let at = 0; at < data.length; at += 333) hasher.update(data.subarray(at, at + 333));
    const digest = hasher.digest();
    const slices = [data.subarray(0, 1000), data.subarray(1000, 2000), data.subarray(2000)];
    const multipart = `${createHash('md5')
      .update(Buffer.concat(slices.map(md5)))
      .digest('hex')}-3`;
    assert.equal(digest.bytes, 2500);
    assert.equal(digest.md5, md5(data).toString('hex'));
    assert.equal(digest.sha256, createHash('sha256').update(data).digest('hex'));
    assert.equal(digest.multipartEtag, multipart);
    assert.ok(etagMatches(`"${multipart}"`, digest), 'AWS multipart form');
    assert.ok(etagMatches(`"${digest.md5}"`, digest), 'single PUT form (and s3rver multipart)');
    assert.ok(!etagMatches('"00000000000000000000000000000000"', digest));
  });

  it('counts an exact multiple of the slice size as that many parts, as lib-storage does', () => {
    const hasher = new ObjectHasher(4);
    hasher.update(Buffer.from('abcdefgh'));
    assert.match(hasher.digest().multipartEtag, /-2$/);
    const empty = new ObjectHasher(4);
    assert.match(empty.digest().multipartEtag, /-1$/);
  });
});
