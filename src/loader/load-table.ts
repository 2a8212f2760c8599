import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Warehouse } from '../warehouse/warehouse';
import { checkHeader } from './check-header';
import { connectionLostError } from './connection-lost-error';
import { type ContractTable, RAW_SCHEMA } from './contract';
import { copyErrorToLoadError } from './copy-error';
import { LoadError } from './load-error';
import type { LoadResult } from './load-result';
import { tableLoadStatements } from './load-statements';
import { quarantineAfterCopyFailure } from './quarantine-load';
import type { RejectedRow } from './quarantine-splitter';
import { readHeader } from './read-header';
import { RecordCounter } from './record-counter';
import { clearRejectsSql, writeRejectsFile } from './rejects-store';
import { noStage, type Stage } from './stage';

export interface LoadTableOptions {
  dataDir: string;
  stage?: Stage;
  /** Up to this many unparsable rows are set aside instead of failing the load (quarantine-load.ts). */
  maxBadRows?: number;
  /** Where the rows set aside are written as <table>.csv (target/rejects). */
  rejectsDir?: string;
}

/**
 * Loads one raw table: check the header, stream the file through the stage into COPY inside one
 * transaction (TRUNCATE + COPY + row check), so a failure of any kind leaves the previous
 * contents. Never throws: the outcome is the LoadResult.
 */
export async function loadTable(
  warehouse: Warehouse,
  table: ContractTable,
  options: LoadTableOptions,
): Promise<LoadResult> {
  const started = performance.now();
  const path = join(options.dataDir, table.file);
  const file = displayPath(path);
  const result: LoadResult = {
    table: `${RAW_SCHEMA}.${table.table}`,
    file,
    status: 'success',
    rows: 0,
    bytes: 0,
    seconds: 0,
  };
  try {
    if (!existsSync(path)) {
      throw new LoadError(
        file,
        'the file does not exist',
        {},
        `Put ${table.file} in ${options.dataDir} (or pass --data DIR); raw.${table.table} keeps its previous contents.`,
      );
    }
    result.bytes = (await stat(path)).size;
    const columns = checkHeader(file, await readHeader(path), table);
    const staged = await (options.stage ?? noStage).stage(path, table.table);
    if (staged.summary) result.stage = staged.summary;
    const relation = warehouse.dialect.relation(RAW_SCHEMA, table.table);
    const { clear, copy: copySql } = tableLoadStatements(warehouse.dialect, table, columns);
    let rejects: RejectedRow[] = [];
    result.rows = await warehouse
      .transaction(async (session) => {
        await session.query(clear);
        await session.query(clearRejectsSql(warehouse.dialect, table.table));
        const counter = new RecordCounter();
        const source = staged.open();
        source.on('error', (error) => counter.destroy(error));
        let copied: number;
        try {
          copied = await session.copyFrom(copySql, source.pipe(counter));
        } catch (error) {
          throw await copyErrorToLoadError(error, path, file, table, columns);
        }
        if (copied !== counter.dataRows) {
          throw new LoadError(
            file,
            `COPY loaded ${copied} rows but the file has ${counter.dataRows} data records`,
            {},
            'The file may have changed while loading; run the load again.',
          );
        }
        return copied;
      })
      .catch(async (error: unknown) => {
        // Only after COPY failed, and only with --max-bad-rows: the hot path stays one COPY.
        const outcome = await quarantineAfterCopyFailure(warehouse, error, options.maxBadRows, {
          table,
          file,
          columns,
          open: () => staged.open(),
        });
        rejects = outcome.rejects;
        return outcome.rows;
      });
    if (rejects.length) result.rejected = rejects.length;
    result.rejectsFile = await writeRejectsFile(options.rejectsDir, table.table, rejects);
    await warehouse.query(`analyze ${relation}`);
  } catch (error) {
    result.status = 'error';
    result.rows = 0;
    const loadError =
      error instanceof LoadError
        ? error
        : (connectionLostError(file, table.table, error) ??
          new LoadError(file, `the load into raw.${table.table} failed: ${(error as Error).message}`));
    result.error = { ...(loadError.toJSON() as { file: string }), message: loadError.message };
  }
  result.seconds = Number(((performance.now() - started) / 1000).toFixed(3));
  return result;
}

/** Paths inside the working folder print relative (as editors link them), others absolute. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
