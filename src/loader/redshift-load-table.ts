import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { S3StagedPart } from '../stage/s3-staged-part';
import type { Stage } from '../stage/stage';
import type { RedshiftCopyOptions } from '../warehouse/redshift-dialect';
import {
  backoffMs,
  DEFAULT_RETRY,
  isSerializationAbort,
  type RetryPolicy,
  sleep,
} from '../warehouse/serialization-abort';
import type { Warehouse } from '../warehouse/warehouse';
import type { ContractTable } from './contract';
import { LoadError } from './load-error';
import { loadFrame } from './load-frame';
import type { LoadResult } from './load-result';
import { tableLoadStatements } from './load-statements';
import type { LoadTableOptions } from './load-table';
import { RecordCounter } from './record-counter';
import {
  locateRedshiftLoadError,
  readRedshiftLoadErrors,
  type StagedPartLines,
} from './redshift-load-errors';

export interface RedshiftLoadTableOptions {
  dataDir: string;
  /** An S3 stage: Redshift's COPY reads the staged parts through their manifest. */
  stage?: Stage;
  copy: RedshiftCopyOptions;
  /** Runs inside the load's transaction before COMMIT (see LoadTableOptions.beforeCommit). */
  beforeCommit?: LoadTableOptions['beforeCommit'];
  /** Retries of a load aborted by a serializable-isolation conflict (ERROR 1023). */
  retry?: RetryPolicy;
}

/**
 * Loads one raw table into Redshift: check the header, stage the file to S3 (parts + manifest),
 * then in one transaction DELETE the old rows and COPY from the manifest, and compare
 * pg_last_copy_count() with the file's records before committing.
 *
 * DELETE rather than TRUNCATE: Redshift's TRUNCATE commits the transaction it runs in, so a COPY
 * failing after it would leave the table empty. Rather than DELETE, one could COPY into a new table
 * and swap it in, but dropping the old raw table would drop (cascade) or break the staging views
 * built on it; DELETE keeps them. Its cost, rows only marked deleted, is reclaimed by Redshift's
 * automatic VACUUM DELETE; the ANALYZE after the commit refreshes the planner's statistics.
 * Never throws: the outcome is the LoadResult.
 */
export function loadRedshiftTable(
  warehouse: Warehouse,
  table: ContractTable,
  options: RedshiftLoadTableOptions,
): Promise<LoadResult> {
  return loadFrame(options.dataDir, table, async ({ path, file, columns, sha256 }, result) => {
    if (options.stage?.name !== 's3') {
      throw new LoadError(
        file,
        'Redshift loads only from S3',
        {},
        'Stage the files to S3 (--stage s3 with S3_BUCKET set), then load again.',
      );
    }
    const [staged, records] = await Promise.all([options.stage.stage(path, table.table), countRecords(path)]);
    if (staged.summary) result.stage = staged.summary;
    if (!staged.manifestUrl) throw new LoadError(file, 'the S3 stage wrote no manifest for Redshift');
    const statements = tableLoadStatements(warehouse.dialect, table, columns, {
      ...options.copy,
      manifestUrl: staged.manifestUrl,
    });
    const parts = (staged as { parts?: readonly S3StagedPart[] }).parts ?? [];
    const load = () =>
      warehouse.withSession(async (session) => {
        await session.query('begin');
        try {
          await session.query(statements.clear);
          try {
            await session.query(statements.copy);
          } catch (error) {
            await session.query('rollback').catch(() => {});
            throw await locateRedshiftLoadError(
              await readRedshiftLoadErrors(session),
              { displayFile: file, table, parts: await partLines(path, parts), path, fileColumns: columns },
              (error as Error).message,
            );
          }
          const copied = Number(
            (await session.query<{ n: string | number }>('select pg_last_copy_count() as n')).rows[0]?.n ??
              -1,
          );
          if (copied !== records) {
            throw new LoadError(
              file,
              `COPY loaded ${copied} rows but the file has ${records} data records`,
              {},
              'The file may have changed while loading; run the load again.',
            );
          }
          if (options.beforeCommit) {
            await options.beforeCommit(session, {
              ...result,
              rows: copied,
              sha256: staged.sourceSha256 ?? (await sha256()),
            });
          }
          await session.query('commit');
          return copied;
        } catch (error) {
          await session.query('rollback').catch(() => {});
          throw error;
        }
      });
    result.rows = await retryAborted(load, options.retry ?? DEFAULT_RETRY);
    if (staged.sourceSha256) result.sha256 = staged.sourceSha256;
    await warehouse.query(statements.analyze);
  });
}

/**
 * Parallel loads (and a build on the same tables) can abort one another under Redshift's
 * serializable isolation (ERROR 1023); the whole DELETE + COPY transaction then runs again, with
 * backoff, a bounded number of times. A LoadError about an aborted COPY keeps the message.
 */
async function retryAborted<T>(run: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= policy.retries || !isSerializationAbort(error as Error)) throw error;
      await sleep(backoffMs(policy, attempt));
    }
  }
}

/** Data records of the file (RFC 4180: newlines inside quotes do not count). */
async function countRecords(path: string): Promise<number> {
  const counter = new RecordCounter();
  await pipeline(createReadStream(path, { highWaterMark: 64 * 1024 }), counter, async (source) => {
    for await (const _ of source) {
      // drain
    }
  });
  return counter.dataRows;
}

/** Each part's first data line in the original file: newlines before its start, plus one. */
export async function partLines(
  path: string,
  parts: readonly Pick<S3StagedPart, 'url' | 'sourceStart'>[],
): Promise<StagedPartLines[]> {
  const starts = parts.map((part) => part.sourceStart);
  const lines = new Map<number, number>();
  let newlines = 0;
  let offset = 0;
  const pending = [...new Set(starts)].sort((a, b) => a - b);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let next = pending[0]; next !== undefined && next <= offset + chunk.length; next = pending[0]) {
      pending.shift();
      const at = next - offset;
      newlines += countNewlines(chunk, from, at);
      from = at;
      lines.set(at + offset, newlines + 1);
    }
    if (pending.length === 0) break;
    newlines += countNewlines(chunk, from, chunk.length);
    offset += chunk.length;
  }
  // Part 0 starts at the header (line 1); its first data record is on line 2.
  return parts.map((part) => ({
    url: part.url,
    firstDataLine: part.sourceStart === 0 ? 2 : (lines.get(part.sourceStart) ?? 0),
  }));
}

function countNewlines(chunk: Buffer, from: number, to: number): number {
  let count = 0;
  for (let at = chunk.indexOf(0x0a, from); at !== -1 && at < to; at = chunk.indexOf(0x0a, at + 1)) count++;
  return count;
}
