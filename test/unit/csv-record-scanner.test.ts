import { strict as assert } from 'node:assert';
import { csvHeader, parseCsvLine } from '../../src/csv/parse-record';
import { countFields, countNewlines, fieldOffset, RecordScanner } from '../../src/csv/record-scanner';

/** Record ends the slow way: a per-byte scan for newlines outside quotes. */
function referenceEnds(input: Buffer): number[] {
  const ends: number[] = [];
  let inQuotes = false;
  for (let i = 0; i < input.length; i++) {
    if (input[i] === 0x22) inQuotes = !inQuotes;
    else if (input[i] === 0x0a && !inQuotes) ends.push(i);
  }
  return ends;
}

/** Record ends found by the scanner, the input cut into chunks of the given sizes (cycled). */
function scannedEnds(input: Buffer, chunkSizes: number[]): number[] {
  const scanner = new RecordScanner();
  const ends: number[] = [];
  for (let offset = 0, k = 0; offset < input.length; k++) {
    const chunk = input.subarray(offset, offset + (chunkSizes[k % chunkSizes.length] ?? 1));
    for (let at = 0; ; ) {
      const newline = scanner.nextRecordEnd(chunk, at);
      if (newline === -1) break;
      ends.push(offset + newline);
      at = newline + 1;
    }
    offset += chunk.length;
  }
  return ends;
}

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function randomBytes(next: () => number, length: number): Buffer {
  const alphabet = Buffer.from('a,"\n\r"x');
  return Buffer.from(Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)] as number));
}

describe('csv: RecordScanner and record helpers', () => {
  it('finds the same record ends as a per-byte scan, however the input is chunked', () => {
    const next = random(13);
    for (let round = 0; round < 200; round++) {
      const input = randomBytes(next, Math.floor(next() * 300));
      const sizes = [1 + Math.floor(next() * 40), 1 + Math.floor(next() * 7)];
      assert.deepEqual(scannedEnds(input, sizes), referenceEnds(input), `round ${round}`);
    }
  });

  it('skips newlines before minIndex but still counts the quotes there', () => {
    const input = Buffer.from('a,"x\n"\nb\n"c\nd"\ne\n');
    const scanner = new RecordScanner();
    // From 0 with minIndex 8: the quoted newline at 4 and the newline at 6 are passed over.
    assert.equal(scanner.nextRecordEnd(input, 0, 8), 8);
    assert.equal(scanner.nextRecordEnd(input, 9, 10), 14);
    assert.equal(scanner.inQuotes, false);
  });

  it('counts fields, field offsets and newlines of one record', () => {
    const record = Buffer.from('1,"a,b\n""c",,last');
    assert.equal(countFields(record), 4);
    assert.equal(fieldOffset(record, 0), 0);
    assert.equal(fieldOffset(record, 1), 2);
    assert.equal(fieldOffset(record, 2), 12);
    assert.equal(fieldOffset(record, 3), 13);
    assert.equal(fieldOffset(record, 9), 0);
    assert.equal(countNewlines(record), 1);
    assert.equal(countNewlines(Buffer.from('\n\nx\n'), 1, 3), 1);
  });

  it('parses a record with quotes, doubled quotes, CRLF and a quoted newline', () => {
    assert.deepEqual(parseCsvLine('id,"na""me","a\nb"\r\nnext'), {
      fields: ['id', 'na"me', 'a\nb'],
      end: 18,
      unterminated: false,
    });
    assert.equal(parseCsvLine('"open,').unterminated, true);
    assert.deepEqual(csvHeader(' id , "x, y"\r\n1,2'), ['id', 'x, y']);
    assert.deepEqual(csvHeader(''), []);
    assert.deepEqual(csvHeader('\nid'), []);
  });
});
