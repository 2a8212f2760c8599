import { strict as assert } from 'node:assert';
import { RecordSplitter } from '../../src/stage/record-splitter';

/** Part ranges computed the slow way: a per-byte scan for newlines outside quotes. */
function referenceRanges(input: Buffer, partSize: number): Array<{ start: number; end: number }> {
  const ends: number[] = [];
  let inQuotes = false;
  for (let i = 0; i < input.length; i++) {
    if (input[i] === 0x22) inQuotes = !inQuotes;
    else if (input[i] === 0x0a && !inQuotes) ends.push(i + 1);
  }
  const ranges: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (const end of ends.slice(1)) {
    if (end - start >= partSize && end < input.length) {
      ranges.push({ start, end });
      start = end;
    }
  }
  ranges.push({ start, end: input.length });
  return ranges;
}

function split(input: Buffer, partSize: number, chunkSizes: number[] = [input.length || 1]) {
  const splitter = new RecordSplitter(partSize);
  let at = 0;
  for (let i = 0; at < input.length; i++) {
    const size = chunkSizes[i % chunkSizes.length] as number;
    splitter.write(input.subarray(at, at + size));
    at += size;
  }
  return { ranges: splitter.ranges(), header: splitter.header.toString() };
}

function parts(input: string, partSize: number, chunkSizes?: number[]): string[] {
  const buffer = Buffer.from(input);
  return split(buffer, partSize, chunkSizes).ranges.map((r) => buffer.subarray(r.start, r.end).toString());
}

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function randomCsv(next: () => number, records: number): string {
  const field = () => {
    const pieces = ['a', 'bc', ',', '\n', '\r\n', '""', 'ø', ' '];
    let text = '';
    for (let i = Math.floor(next() * 6); i > 0; i--) text += pieces[Math.floor(next() * pieces.length)];
    return /[",\r\n]/.test(text) ? `"${text}"` : text.replace(/"/g, '');
  };
  const eol = next() < 0.5 ? '\n' : '\r\n';
  let csv = `id,"na""me",note${eol}`;
  for (let i = 0; i < records; i++) csv += `${i},${field()},${field()}${eol}`;
  return next() < 0.2 ? csv.slice(0, -eol.length) : csv;
}

describe('RecordSplitter', () => {
  it('cuts only after a newline outside quotes, once the part reaches the size', () => {
    const csv = 'h1,h2\n1,"a\nb"\n2,"c,\n""d"""\n3,e\n';
    assert.deepEqual(parts(csv, 1), ['h1,h2\n1,"a\nb"\n', '2,"c,\n""d"""\n', '3,e\n']);
    assert.deepEqual(parts(csv, 20), ['h1,h2\n1,"a\nb"\n2,"c,\n""d"""\n', '3,e\n']);
    assert.deepEqual(parts(csv, 1000), [csv]);
  });

  it('keeps the quote state across chunk boundaries, whatever the chunk sizes', () => {
    const csv = 'h\n"x\n""\ny"\n"""\n"\nz\n';
    const expected = parts(csv, 1);
    assert.deepEqual(expected, ['h\n"x\n""\ny"\n', '"""\n"\n', 'z\n']);
    for (const sizes of [[1], [2], [3], [1, 4], [5, 1, 2]])
      assert.deepEqual(parts(csv, 1, sizes), expected, `${sizes}`);
  });

  it('splits a chunk boundary between doubled quotes correctly', () => {
    // The chunk ends between the two quotes of "" inside a quoted field.
    const csv = 'h\n"a""\nb"\nc\n';
    const at = csv.indexOf('""') + 1;
    assert.deepEqual(parts(csv, 1, [at, 100]), ['h\n"a""\nb"\n', 'c\n']);
  });

  it('keeps CRLF line endings whole (the cut is after the LF)', () => {
    const csv = 'h\r\n1\r\n"2\r\n"\r\n3\r\n';
    assert.deepEqual(parts(csv, 1), ['h\r\n1\r\n', '"2\r\n"\r\n', '3\r\n']);
    assert.deepEqual(parts(csv, 1, [3]), parts(csv, 1));
  });

  it('never cuts after the header alone: the first part has at least one record', () => {
    assert.deepEqual(parts('h\n1\n2\n', 1), ['h\n1\n', '2\n']);
  });

  it('returns the header without a byte-order mark, even across chunks', () => {
    const input = Buffer.from('\uFEFF"a\nb",c\r\n1,2\r\n');
    const { header } = split(input, 1, [2]);
    assert.equal(header, '"a\nb",c\r\n');
  });

  it('handles the empty file, a header alone and a missing final newline', () => {
    assert.deepEqual(split(Buffer.alloc(0), 10).ranges, [{ start: 0, end: 0 }]);
    assert.deepEqual(parts('h1,h2', 1), ['h1,h2']);
    assert.deepEqual(parts('h\n1\n2', 1), ['h\n1\n', '2']);
  });

  it('drops a cut at the very end (no empty last part)', () => {
    assert.deepEqual(parts('h\n1\n', 1), ['h\n1\n']);
  });

  it('keeps an unclosed quote in one part rather than cutting inside it', () => {
    assert.deepEqual(parts('h\n"1\n2\n3\n', 1), ['h\n"1\n2\n3\n']);
  });

  it('refuses a header longer than 1 MiB (an unclosed quote in the first line)', () => {
    const splitter = new RecordSplitter(10);
    assert.throws(() => splitter.write(Buffer.from(`"${'x\n'.repeat(600_000)}`)), /header record is longer/);
  });

  it('agrees with a per-byte reference on random CSV, part sizes and chunkings', () => {
    const next = random(42);
    for (let round = 0; round < 300; round++) {
      const input = Buffer.from(randomCsv(next, Math.floor(next() * 40)));
      const partSize = 1 + Math.floor(next() * 80);
      const expected = referenceRanges(input, partSize);
      const sizes = [1 + Math.floor(next() * 17), 1 + Math.floor(next() * 5)];
      assert.deepEqual(split(input, partSize, sizes).ranges, expected, `round ${round}`);
      const joined = Buffer.concat(expected.map((r) => input.subarray(r.start, r.end)));
      assert.ok(joined.equals(input), 'the parts put together are the input');
    }
  });
});
