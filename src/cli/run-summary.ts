import { kpiHeadlines } from '../kpis/headlines';
import { displayPath } from '../paths/display-path';
import type { PipelineResult } from '../pipeline/run-pipeline';
import { formatStageTotals } from '../stage/stage-totals';
import { formatSnapshotResult } from './as-of-option';
import { formatLoadResult } from './commands/load-command';
import { formatExtractChecks } from './format-extract-checks';
import { formatRunCounts, formatRunProblems } from './format-run';
import type { Reporter } from './reporter';

/** What `run` prints at the end: loads, extract checks, snapshots, build, KPIs (the report and stop reason follow). */
export function printRunSummary(
  reporter: Reporter,
  result: PipelineResult,
  where: { dataDir: string; outDir: string; warehouse: string },
): void {
  reporter.summary(`Loaded ${displayPath(where.dataDir)} into ${where.warehouse}:`);
  for (const load of result.load.results) reporter.summary(formatLoadResult(load));
  if (result.load.stage) reporter.summary(`Staged: ${formatStageTotals(result.load.stage)}`);
  for (const line of result.checks ? formatExtractChecks(result.checks) : []) reporter.summary(line);
  for (const snapshot of result.build?.snapshots.results ?? [])
    reporter.summary(formatSnapshotResult(snapshot));
  if (result.build) {
    for (const warning of result.build.plan.warnings) reporter.error(`warning: ${warning}`);
    reporter.summary(`Built: ${formatRunCounts(result.build.run)}`);
    for (const line of formatRunProblems(result.build.run)) reporter.summary(line);
  }
  if (result.kpis) {
    reporter.summary(
      `KPIs (${Object.keys(result.kpis.kpis).length} in ${displayPath(where.outDir)}/kpis.json):`,
    );
    for (const line of kpiHeadlines(result.kpis)) reporter.summary(`  ${line}`);
    const warned = result.build?.run.results.filter((r) => r.status === 'warn').length ?? 0;
    if (warned > 0) {
      reporter.summary(
        `Data quality: ${warned} ${warned === 1 ? 'warning' : 'warnings'} (the "!" lines above), ` +
          'also in report.html ("Data quality") and kpis.json ("warnings").',
      );
    }
  }
}
