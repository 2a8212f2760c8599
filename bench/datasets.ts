import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { measureProcess } from './measure-process';

export interface BenchDataset {
  years: number;
  seed: number;
  dir: string;
  bytes: number;
  /** Data rows per raw file (lines − header). */
  rows: Record<string, number>;
}

const FILES = ['raw_customers', 'raw_orders', 'raw_items', 'raw_products', 'raw_stores', 'raw_supplies'];

/**
 * The generator's dataset for (years, seed) in the upstream shape, cached under
 * `<outDir>/data/y<years>-s<seed>-upstream`: the generator is deterministic, so a complete folder
 * is reused as is. Upstream extracts (dbt Labs' jaffle-shop generator) have UUID keys, as ours
 * do, and CRLF line endings, which ours do not: the bench rewrites the line endings, so both sides
 * read the bytes real extracts have.
 */
export async function benchDataset(
  root: string,
  outDir: string,
  years: number,
  seed: number,
  log: (line: string) => void,
): Promise<BenchDataset> {
  const dir = join(outDir, 'data', `y${years}-s${seed}-upstream`);
  if (!FILES.every((file) => existsSync(join(dir, `${file}.csv`)))) {
    const generated = join(outDir, 'data', `y${years}-s${seed}-lf`);
    log(`Generating ${years} year(s), seed ${seed} into ${dir}…`);
    await measureProcess(
      process.execPath,
      [
        'bin/etl-workbook.js',
        'generate',
        '--years',
        String(years),
        '--seed',
        String(seed),
        '--out',
        generated,
        '-q',
      ],
      { cwd: root },
    );
    for (const file of FILES) await toCrlf(join(generated, `${file}.csv`), join(dir, `${file}.csv`));
    rmSync(generated, { recursive: true, force: true });
  }
  const rows: Record<string, number> = {};
  let bytes = 0;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.csv'))) {
    bytes += statSync(join(dir, file)).size;
  }
  for (const file of FILES) rows[file] = (await countLines(join(dir, `${file}.csv`))) - 1;
  return { years, seed, dir, bytes, rows };
}

async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  }
  return lines;
}

/** Copies a file with every LF line ending written as CRLF (the generator writes no CR). */
export async function toCrlf(from: string, to: string): Promise<void> {
  mkdirSync(join(to, '..'), { recursive: true });
  const crlf = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, Buffer.from(chunk.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'));
    },
  });
  await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), crlf, createWriteStream(to));
}
