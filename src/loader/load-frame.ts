import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { displayPath } from '../paths/display-path';
import { checkHeader } from './check-header';
import { connectionLostError } from './connection-lost-error';
import { type ContractTable, RAW_SCHEMA } from './contract';
import { fileSha256 } from './file-sha256';
import { LoadError } from './load-error';
import type { LoadResult } from './load-result';
import { readHeader } from './read-header';

/** A raw file that exists and whose header passed the contract check. */
export interface CheckedFile {
  path: string;
  /** The path as messages print it. */
  file: string;
  /** The file's columns in file order (COPY gets them in this order). */
  columns: string[];
  /**
   * The file's sha256 read from disk, started on the first call: for loads whose stream does not
   * hash the bytes on the way already (the history records it in `result.sha256`).
   */
  sha256: () => Promise<string>;
}

/**
 * The frame every loader (PostgreSQL, Redshift) shares: the file must exist and pass the header
 * check, then `work` loads it and fills in the result; any error becomes the result's located
 * LoadError. Never throws: the outcome is the LoadResult.
 */
export async function loadFrame(
  dataDir: string,
  table: ContractTable,
  work: (checked: CheckedFile, result: LoadResult) => Promise<void>,
): Promise<LoadResult> {
  const started = performance.now();
  const path = join(dataDir, table.file);
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
        `Put ${table.file} in ${dataDir} (or pass --data DIR); raw.${table.table} keeps its previous contents.`,
      );
    }
    result.bytes = (await stat(path)).size;
    const columns = checkHeader(file, await readHeader(path), table);
    let reading: Promise<string> | undefined;
    const sha256 = () => {
      reading ??= fileSha256(path);
      return reading;
    };
    await work({ path, file, columns, sha256 }, result);
    result.sha256 ??= await sha256();
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
