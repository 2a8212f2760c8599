import type { ConcurrencyLimit } from '../common/concurrency';
import { noStage, type Stage, type StagedFile } from '../stage/stage';
import type { Session, Warehouse } from '../warehouse/warehouse';
import { type ContractTable, RAW_SCHEMA } from './contract';
import { copyErrorToLoadError } from './copy-error';
import { LoadError } from './load-error';
import { type CheckedFile, loadFrame } from './load-frame';
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
  /** Limits how many tables COPY at once (shared by loadDataset's tables); ANALYZE runs outside it. */
  copySlot?: ConcurrencyLimit;
}

/**
 * Loads one raw table: check the header, stream the file through the stage into COPY inside one
 * transaction (TRUNCATE + COPY + row check), so a failure of any kind leaves the previous
 * contents; then ANALYZE it, outside `copySlot`, so the next table's COPY starts meanwhile.
 * Never throws: the outcome is the LoadResult.
 */
export function loadTable(
  warehouse: Warehouse,
  table: ContractTable,
  options: LoadTableOptions,
): Promise<LoadResult> {
  return loadFrame(options.dataDir, table, async (checked, result) => {
    const staged = await (options.stage ?? noStage).stage(checked.path, table.table);
    if (staged.summary) result.stage = staged.summary;
    let rejects: RejectedRow[] = [];
    const slot = options.copySlot ?? ((task) => task());
    result.rows = await slot(() =>
      copyTable(warehouse, table, checked, staged, result, options.beforeCommit).catch(
        async (error: unknown) => {
          // Only after COPY failed, and only with --max-bad-rows: the hot path stays one COPY.
          const outcome = await quarantineAfterCopyFailure(warehouse, error, options.maxBadRows, {
            table,
            file: checked.file,
            columns: checked.columns,
            open: () => staged.open(),
          });
          rejects = outcome.rejects;
          return outcome.rows;
        },
      ),
    );
    if (rejects.length) result.rejected = rejects.length;
    result.rejectsFile = await writeRejectsFile(options.rejectsDir, table.table, rejects);
    // A small statistics sample (issue 15): ANALYZE of 223k UUID-keyed items took 0.66-0.79 s at
    // the default target (100) and 0.10-0.13 s at 10, with the same row count and n_distinct the
    // builds plan their hash joins from; the raw tables are read whole, never through an index.
    // One round trip: the two statements of one query string share an implicit transaction.
    const relation = warehouse.dialect.relation(RAW_SCHEMA, table.table);
    await warehouse.query(`set local default_statistics_target = 10; analyze ${relation}`);
  });
}

/**
 * TRUNCATE + COPY + row check in one transaction. The file's bytes are counted, and hashed for
 * the run history, in the one pass that feeds COPY (unless staging already knows the hash).
 */
function copyTable(
  warehouse: Warehouse,
  table: ContractTable,
  { path, file, columns, sha256 }: CheckedFile,
  staged: StagedFile,
  result: LoadResult,
  beforeCommit: LoadTableOptions['beforeCommit'],
): Promise<number> {
  const { clear, copy } = tableLoadStatements(warehouse.dialect, table, columns);
  return warehouse.transaction(async (session) => {
    // One round trip for both.
    await session.query(`${clear}; ${clearRejectsSql(warehouse.dialect, table.table)}`);
    const counter = new RecordCounter({ sha256: !staged.sourceSha256 });
    const source = staged.open();
    source.on('error', (error) => counter.destroy(error));
    let copied: number;
    try {
      copied = await session.copyFrom(copy, source.pipe(counter));
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
    result.sha256 = staged.sourceSha256 ?? counter.sha256 ?? (await sha256());
    if (beforeCommit) await beforeCommit(session, { ...result, rows: copied });
    return copied;
  });
}
