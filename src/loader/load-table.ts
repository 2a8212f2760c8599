import { noStage, type Stage } from '../stage/stage';
import type { Session, Warehouse } from '../warehouse/warehouse';
import { type ContractTable, RAW_SCHEMA } from './contract';
import { copyErrorToLoadError } from './copy-error';
import { LoadError } from './load-error';
import { loadFrame } from './load-frame';
import type { LoadResult } from './load-result';
import { tableLoadStatements } from './load-statements';
import { quarantineAfterCopyFailure } from './quarantine-load';
import type { RejectedRow } from './quarantine-splitter';
import { RecordCounter } from './record-counter';
import { clearRejectsSql, writeRejectsFile } from './rejects-store';

export interface LoadTableOptions {
  dataDir: string;
  stage?: Stage;
  /** Up to this many unparsable rows are set aside instead of failing the load (quarantine-load.ts). */
  maxBadRows?: number;
  /** Where the rows set aside are written as <table>.csv (target/rejects). */
  rejectsDir?: string;
  /**
   * Runs inside the table's load transaction, after the row check and before COMMIT (the run
   * history writes its row there, so the row exists only if the load committed).
   */
  beforeCommit?: (session: Session, result: LoadResult) => Promise<void>;
}

/**
 * Loads one raw table: check the header, stream the file through the stage into COPY inside one
 * transaction (TRUNCATE + COPY + row check), so a failure of any kind leaves the previous
 * contents. Never throws: the outcome is the LoadResult.
 */
export function loadTable(
  warehouse: Warehouse,
  table: ContractTable,
  options: LoadTableOptions,
): Promise<LoadResult> {
  return loadFrame(options.dataDir, table, async ({ path, file, columns, sha256 }, result) => {
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
        if (options.beforeCommit) {
          await options.beforeCommit(session, { ...result, rows: copied, sha256: await sha256 });
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
    // A small statistics sample (issue 15): ANALYZE of 223k UUID-keyed items took 0.66-0.79 s at
    // the default target (100) and 0.10-0.13 s at 10, with the same row count and n_distinct the
    // builds plan their hash joins from; the raw tables are read whole, never through an index.
    await warehouse.transaction(async (session) => {
      await session.query('set local default_statistics_target = 10');
      await session.query(`analyze ${relation}`);
    });
  });
}
