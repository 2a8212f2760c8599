import { createReadStream, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
 * is reused as is. Since issue 12 the generator writes upstream's habits by default (UUID keys,
 * CRLF line endings, float-truncated tax, orders without items, stores listed before they open),
 * so both sides read the bytes real extracts have.
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
    log(`Generating ${years} year(s), seed ${seed} into ${dir}…`);
    rmSync(dir, { recursive: true, force: true });
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
        dir,
        '-q',
      ],
      { cwd: root },
    );
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
