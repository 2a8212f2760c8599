import { buildStep } from '../../pipeline/build-step';
import { recordedRun } from '../../pipeline/recorded-run';
import { snapshotNodes } from '../../pipeline/snapshot-step';
import { AS_OF_HELP, AS_OF_OPTION, asOfFrom, formatSnapshotResult } from '../as-of-option';
import { DRY_RUN_HELP, DRY_RUN_OPTION, dryRun } from '../dry-run';
import { formatRunCounts, formatRunEvent, formatRunProblems } from '../format-run';
import { COMMON_HELP, commonOptions, parseCommand } from '../options';
import { Reporter } from '../reporter';
import { SELECTION_HELP, SELECTION_OPTIONS, selectionFrom } from '../selection-options';
import { FULL_REFRESH_HELP, FULL_REFRESH_OPTION, noWait } from '../shared-options';
import { WARN_ERROR_HELP, WARN_ERROR_OPTION, warnErrorFrom } from '../warn-error-option';
import { withLockedWarehouse } from '../with-warehouse';

const HELP = {
  build: `etl-workbook build [--select SEL] [--exclude SEL] [--threads N] [options]

Builds the SQL models of sql/ in dependency order (views, tables swapped in atomically) and runs
each model's data tests right after it; what depends on a failure is skipped. Writes
target/run_results.json and target/manifest.json.`,
  test: `etl-workbook test [--select SEL] [--exclude SEL] [options]

Runs the data tests (generic tests of the YAML files and singular tests of sql/tests/) against
the models as they are, without building. A failing test prints how many rows failed and a sample.`,
};

/** `build` (models and tests, dbt build) and `test` (tests only, dbt test). */
export function buildCommand(kind: 'build' | 'test') {
  return async (argv: string[]): Promise<number> => {
    const { values } = parseCommand(argv, {
      ...SELECTION_OPTIONS,
      ...DRY_RUN_OPTION,
      ...FULL_REFRESH_OPTION,
      ...AS_OF_OPTION,
      ...WARN_ERROR_OPTION,
    });
    if (values.help) {
      process.stdout.write(
        `${HELP[kind]}\n\n${SELECTION_HELP}\n${WARN_ERROR_HELP}\n${kind === 'build' ? `${FULL_REFRESH_HELP}\n${AS_OF_HELP}\n` : ''}${DRY_RUN_HELP}\n\n${COMMON_HELP}\n`,
      );
      return 0;
    }
    const options = commonOptions(values);
    const selection = selectionFrom(values);
    const warnError = warnErrorFrom(values);
    if (values['dry-run']) {
      return dryRun(kind, { options, selection, resourceTypes: kind === 'test' ? ['test'] : undefined });
    }
    const reporter = new Reporter(options.quiet);
    return withLockedWarehouse(options, reporter, noWait(values), async (warehouse) => {
      const build = () =>
        buildStep(warehouse, {
          projectDir: options.project,
          outDir: options.out,
          ...selection,
          resourceTypes: kind === 'test' ? ['test', 'unit_test'] : undefined,
          fullRefresh: kind === 'build' && values['full-refresh'] === true,
          snapshotAt: asOfFrom(values),
          warnError,
          onEvent: (event) => {
            const line = formatRunEvent(event);
            if (line) reporter.progress(line);
          },
        });
      if (kind === 'test') return report(warehouse.description, await build());
      // `build` takes the snapshots first (buildStep does: the models read them).
      const built = await recordedRun(
        warehouse,
        { command: 'build', projectDir: options.project, onHistoryError: (m) => reporter.error(m) },
        build,
        (done) => ({
          exitCode: done.run.ok && done.snapshots.ok ? 0 : 1,
          nodes: [...snapshotNodes(done.snapshots.results), ...done.run.results],
        }),
      );
      for (const snapshot of built.snapshots.results) reporter.summary(formatSnapshotResult(snapshot));
      const code = report(warehouse.description, built);
      return built.snapshots.ok ? code : 1;
    });

    function report(where: string, { run, plan }: Awaited<ReturnType<typeof buildStep>>): number {
      for (const warning of plan.warnings) reporter.error(`warning: ${warning}`);
      reporter.summary(`${kind === 'test' ? 'Tested' : 'Built'} in ${where}: ${formatRunCounts(run)}`);
      for (const line of formatRunProblems(run)) reporter.summary(line);
      return run.ok ? 0 : 1;
    }
  };
}
