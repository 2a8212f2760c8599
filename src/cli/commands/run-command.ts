import { keepState } from '../../diff/kept-state';
import type { RunRecorder } from '../../history/run-recorder';
import { displayPath } from '../../paths/display-path';
import { recordedRun } from '../../pipeline/recorded-run';
import { pipelineOutcome, runPipeline } from '../../pipeline/run-pipeline';
import { targetDialect } from '../../warehouse/open-warehouse';
import { AS_OF_HELP, AS_OF_OPTION, asOfFrom } from '../as-of-option';
import { DRY_RUN_HELP, DRY_RUN_OPTION, dryRun } from '../dry-run';
import { formatRunEvent } from '../format-run';
import { MAX_BAD_ROWS_HELP, MAX_BAD_ROWS_OPTION, maxBadRowsFrom } from '../max-bad-rows-option';
import { COMMON_HELP, commonOptions, parseCommand } from '../options';
import { Reporter } from '../reporter';
import { printRunSummary } from '../run-summary';
import { selectionFrom } from '../selection-options';
import {
  FULL_REFRESH_HELP,
  FULL_REFRESH_OPTION,
  NO_WAIT_HELP,
  NO_WAIT_OPTION,
  noWait,
  THREADS_OPTION,
} from '../shared-options';
import { STAGE_HELP, STAGE_OPTION, stageFrom, withStage } from '../stage-option';
import { WARN_ERROR_HELP, WARN_ERROR_OPTION, warnErrorFrom } from '../warn-error-option';
import { withLockedWarehouse } from '../with-warehouse';

const HELP = `etl-workbook run [options]

The whole pipeline: load the raw CSV files, check the extract (source freshness against the
reference time, row counts against the previous runs' band: both warn, never stop the run; an
error-level staleness is shown, \`etl-workbook freshness\` exits 1 on it), build and test the
models, compute the KPIs and write the report. Writes target/load_results.json, sources.json,
run_results.json, manifest.json, kpis.json and report.html. A failed load stops before the build (it would mix old and new data); a
failed model or test stops before the KPIs. Exit 0 when everything succeeded, 1 otherwise.

  --threads N       models built at once (default 4)
${NO_WAIT_HELP}
  --keep-state      keep this run's raw tables, marts and SQL for \`diff\` (schema
                    etl_state_<run id>, target/state/<run id>/); \`state clean\` removes them
${FULL_REFRESH_HELP}
${WARN_ERROR_HELP}
${MAX_BAD_ROWS_HELP}
${STAGE_HELP}
${AS_OF_HELP}
${DRY_RUN_HELP}

${COMMON_HELP}`;

export async function runCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, {
    ...THREADS_OPTION,
    ...NO_WAIT_OPTION,
    'keep-state': { type: 'boolean' },
    ...MAX_BAD_ROWS_OPTION,
    ...STAGE_OPTION,
    ...DRY_RUN_OPTION,
    ...FULL_REFRESH_OPTION,
    ...AS_OF_OPTION,
    ...WARN_ERROR_OPTION,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const maxBadRows = maxBadRowsFrom(values, targetDialect(options.target));
  const warnError = warnErrorFrom(values);
  const { threads } = selectionFrom(values); // validates --threads like build does
  const stageName = stageFrom(values, options.target);
  if (values['dry-run']) return dryRun('run', { options, stage: stageName });
  const reporter = new Reporter(options.quiet);
  const stageContext = { dataDir: options.data, target: options.target, reporter };
  return withLockedWarehouse(options, reporter, noWait(values), (warehouse) =>
    withStage(stageName, stageContext, async (stage) => {
      const history = {
        command: 'run' as const,
        dataDir: options.data,
        projectDir: options.project,
        onHistoryError: (m: string) => reporter.error(m),
      };
      let historyRunId: string | undefined;
      const run = (recorder: RunRecorder) => {
        historyRunId = recorder.runId; // a kept state takes the run's id in the history
        return runPipeline(warehouse, {
          recorder,
          snapshotAt: asOfFrom(values),
          dataDir: options.data,
          projectDir: options.project,
          outDir: options.out,
          threads,
          fullRefresh: values['full-refresh'] === true,
          warnError,
          maxBadRows,
          stage,
          onStep: (step) => reporter.progress(`== ${step}`),
          onEvent: (event) => {
            const line = formatRunEvent(event);
            if (line) reporter.progress(line);
          },
        });
      };
      const result = await recordedRun(warehouse, history, run, pipelineOutcome);
      printRunSummary(reporter, result, {
        dataDir: options.data,
        outDir: options.out,
        warehouse: warehouse.description,
      });
      if (values['keep-state'] && result.ok && result.build) {
        const kept = await keepState(warehouse, result.build.project, {
          projectDir: options.project,
          outDir: options.out,
          runId: historyRunId,
        });
        reporter.summary(`Kept as run ${kept.runId} for diff (schema ${kept.schema}).`);
      }
      if (result.reportFile) reporter.summary(`Report: ${displayPath(result.reportFile)}`);
      if (result.stoppedBecause) reporter.summary(`Stopped: ${result.stoppedBecause}.`);
      return result.ok ? 0 : 1;
    }),
  );
}
