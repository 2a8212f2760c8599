import type { LoadResult } from '../../loader/load-result';
import { loadStep } from '../../pipeline/load-step';
import { recordedRun } from '../../pipeline/recorded-run';
import { formatBytes, formatStageTotals } from '../../stage/stage-totals';
import { targetDialect } from '../../warehouse/open-warehouse';
import { DRY_RUN_HELP, DRY_RUN_OPTION, dryRun } from '../dry-run';
import { MAX_BAD_ROWS_HELP, MAX_BAD_ROWS_OPTION, maxBadRowsFrom } from '../max-bad-rows-option';
import { COMMON_HELP, commonOptions, parseCommand } from '../options';
import { Reporter } from '../reporter';
import { NO_WAIT_HELP, NO_WAIT_OPTION, noWait } from '../shared-options';
import { STAGE_HELP, STAGE_OPTION, stageFrom, withStage } from '../stage-option';
import { withLockedWarehouse } from '../with-warehouse';

export const LOAD_HELP = `etl-workbook load [--table NAME ...] [options]

Loads the six raw CSV files of the dataset into schema raw (one transaction per table, tables
concurrently), checks each header against the contract and writes target/load_results.json.

  --table NAME      load only this raw table (repeatable), e.g. --table raw_orders
${NO_WAIT_HELP}
${MAX_BAD_ROWS_HELP}
${STAGE_HELP}
${DRY_RUN_HELP}

${COMMON_HELP}`;

export function formatLoadResult(result: LoadResult): string {
  if (result.status === 'success') {
    const staged = result.stage
      ? `  (s3: ${result.stage.parts} part${result.stage.parts === 1 ? '' : 's'}, ${formatBytes(result.stage.compressedBytes)} gzip, ${result.stage.skipped ? 'already staged' : 'uploaded'})`
      : '';
    const rejected = result.rejected
      ? `  (${result.rejected} bad row${result.rejected === 1 ? '' : 's'} set aside in raw_rejects.${result.table.replace(/^raw\./, '')}${result.rejectsFile ? ` and ${result.rejectsFile}` : ''})`
      : '';
    return `  ✔ ${result.table.padEnd(18)} ${String(result.rows).padStart(9)} rows  ${result.seconds.toFixed(2)} s${staged}${rejected}`;
  }
  return `  ✘ ${result.table.padEnd(18)} ${result.error?.message ?? 'failed'}`;
}

export async function loadCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, {
    table: { type: 'string', multiple: true },
    ...NO_WAIT_OPTION,
    ...MAX_BAD_ROWS_OPTION,
    ...STAGE_OPTION,
    ...DRY_RUN_OPTION,
  });
  if (values.help) {
    process.stdout.write(`${LOAD_HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const maxBadRows = maxBadRowsFrom(values, targetDialect(options.target));
  const stageName = stageFrom(values, options.target);
  const tables = values.table as string[] | undefined;
  if (values['dry-run']) return dryRun('load', { options, stage: stageName, tables });
  const reporter = new Reporter(options.quiet);
  const stageContext = { dataDir: options.data, target: options.target, reporter };
  return withLockedWarehouse(options, reporter, noWait(values), (warehouse) =>
    withStage(stageName, stageContext, async (stage) => {
      const step = await recordedRun(
        warehouse,
        { command: 'load', dataDir: options.data, onHistoryError: (m) => reporter.error(m) },
        (recorder) =>
          loadStep(warehouse, {
            dataDir: options.data,
            outDir: options.out,
            tables,
            stage,
            maxBadRows,
            recorder,
          }),
        (loaded) => ({ exitCode: loaded.ok ? 0 : 1 }),
      );
      reporter.summary(`Loaded ${options.data} into ${warehouse.description}:`);
      for (const result of step.results) reporter.summary(formatLoadResult(result));
      if (step.stage) reporter.summary(`Staged: ${formatStageTotals(step.stage)}`);
      return step.ok ? 0 : 1;
    }),
  );
}
