import { relative } from 'node:path';
import { kpiHeadlines } from '../../kpis/headlines';
import { runPipeline } from '../../pipeline/run-pipeline';
import { withRunLock } from '../../warehouse/run-lock';
import { formatRunCounts, formatRunEvent, formatRunProblems } from '../format-run';
import { COMMON_HELP, commonOptions, parseCommand } from '../options';
import { Reporter } from '../reporter';
import { withWarehouse } from '../with-warehouse';
import { formatLoadResult } from './load-command';

const HELP = `etl-workbook run [options]

The whole pipeline: load the raw CSV files, build and test the models, compute the KPIs and
write the report. Writes target/load_results.json, run_results.json, manifest.json, kpis.json
and report.html. A failed load stops before the build (it would mix old and new data); a
failed model or test stops before the KPIs. Exit 0 when everything succeeded, 1 otherwise.

  --threads N       models built at once (default 4)
  --no-wait         fail at once if another run is writing to the warehouse

${COMMON_HELP}`;

export async function runCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, { threads: { type: 'string' }, 'no-wait': { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  const reporter = new Reporter(options.quiet);
  return withWarehouse(options, reporter, (warehouse) =>
    withRunLock(
      warehouse,
      async () => {
        const result = await runPipeline(warehouse, {
          dataDir: options.data,
          projectDir: options.project,
          outDir: options.out,
          threads,
          onStep: (step) => reporter.progress(`== ${step}`),
          onEvent: (event) => {
            const line = formatRunEvent(event);
            if (line) reporter.progress(line);
          },
        });
        reporter.summary(
          `Loaded ${relative(process.cwd(), options.data) || '.'} into ${warehouse.description}:`,
        );
        for (const load of result.load.results) reporter.summary(formatLoadResult(load));
        if (result.build) {
          reporter.summary(`Built: ${formatRunCounts(result.build.run)}`);
          for (const line of formatRunProblems(result.build.run)) reporter.summary(line);
        }
        if (result.kpis) {
          reporter.summary(
            `KPIs (${Object.keys(result.kpis.kpis).length} in ${relative(process.cwd(), options.out)}/kpis.json):`,
          );
          for (const line of kpiHeadlines(result.kpis)) reporter.summary(`  ${line}`);
        }
        if (result.reportFile) reporter.summary(`Report: ${relative(process.cwd(), result.reportFile)}`);
        if (result.stoppedBecause) reporter.summary(`Stopped: ${result.stoppedBecause}.`);
        return result.ok ? 0 : 1;
      },
      {
        wait: !values['no-wait'],
        onWait: (holder) => reporter.info(`Waiting for another run to finish (${holder})…`),
      },
    ),
  );
}
