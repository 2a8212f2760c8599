import type { RunOutcome, RunRecorder } from '../history/run-recorder';
import type { KpiResults } from '../kpis/compute-kpis';
import { readKpiSpecs } from '../kpis/kpi-spec';
import type { CompiledProject } from '../models/compiled-project';
import { loadProject } from '../models/load-project';
import { readKpis } from '../report/read-kpis';
import { reportCharts } from '../report/report-charts';
import type { RunEvent } from '../runner/run-result';
import type { WarnErrorOptions } from '../runner/warn-error';
import type { Stage } from '../stage/stage';
import type { Warehouse } from '../warehouse/warehouse';
import { type BuildStepResult, buildStep } from './build-step';
import { dataQualityWarnings } from './data-quality';
import { EarlyKpis } from './early-kpis';
import { type ExtractChecks, extractChecks, freshnessNodes } from './extract-checks';
import { kpiStep } from './kpi-step';
import { type LoadStepResult, loadStep } from './load-step';
import { reportStep } from './report-step';
import { snapshotNodes } from './snapshot-step';

export interface PipelineOptions {
  dataDir: string;
  projectDir: string;
  outDir: string;
  threads?: number;
  /** Rebuild incremental models whole (dbt's --full-refresh). */
  fullRefresh?: boolean;
  /** Warnings that become errors (dbt's --warn-error, --warn-error-options). */
  warnError?: WarnErrorOptions;
  /** Where the raw files travel to COPY (default: straight from disk); an S3Stage for the cloud path. */
  stage?: Stage;
  /** Up to this many unparsable rows per table are set aside (raw_rejects, target/rejects) instead of failing. */
  maxBadRows?: number;
  /** The run's reference time (default now): the snapshots' time and the freshness reference; replaying old extracts gives each its own date. */
  snapshotAt?: Date;
  /** The run history entry (recordedRun): the loads are recorded inside their transactions. */
  recorder?: RunRecorder;
  onStep?: (step: 'load' | 'checks' | 'build' | 'kpis' | 'report') => void;
  onEvent?: (event: RunEvent) => void;
}

export interface PipelineResult {
  load: LoadStepResult;
  /** Source freshness and volume against history, after a successful load (they warn, never stop the run). */
  checks?: ExtractChecks;
  build?: BuildStepResult;
  kpis?: KpiResults;
  reportFile?: string;
  /** Why the later steps did not run, when they did not. */
  stoppedBecause?: string;
  ok: boolean;
}

/**
 * load → build (models and tests) → KPIs → report. Every table's load runs to its end; when one
 * fails the build does not run, since it would mix old and new data. When a model or an
 * error-severity test fails, the KPIs are not computed: they would describe a broken model.
 */
export async function runPipeline(warehouse: Warehouse, options: PipelineOptions): Promise<PipelineResult> {
  // Compiled once for the whole run (freshness, snapshots, build, KPIs) while the files load: the
  // compile is Node work and the load mostly waits for the warehouse. A compile error still
  // surfaces after the load, at the build (the catch only keeps an unused failure from being unhandled).
  const project = loadProject(options.projectDir, { dialect: warehouse.dialect });
  project.catch(() => {});
  options.onStep?.('load');
  const load = await loadStep(warehouse, {
    dataDir: options.dataDir,
    outDir: options.outDir,
    ...(options.stage ? { stage: options.stage } : {}),
    maxBadRows: options.maxBadRows,
    recorder: options.recorder,
  });
  if (!load.ok) {
    const failed = load.results.filter((r) => r.status !== 'success').map((r) => r.table);
    return { load, ok: false, stoppedBecause: `the load of ${failed.join(', ')} failed` };
  }
  options.onStep?.('checks');
  // The extract checks observe and never stop the run (nor throw), so they run beside the build
  // on their own session: they only read raw and write etl_meta (issue 15: 0.5-0.9 s off a run).
  const checksRun = extractChecks(warehouse, { ...options, loads: load.results, project });
  const early = await earlyKpis(warehouse, project, options.projectDir);
  // The charts are drawn as soon as every KPI is in, while the build's last tests run.
  const charts = early?.completed.then((results) => results && reportCharts(readKpis(results.kpis)));
  charts?.catch(() => {}); // used only by a successful run's report
  options.onStep?.('build');
  const [build, checks] = await Promise.all([
    buildStep(warehouse, {
      projectDir: options.projectDir,
      outDir: options.outDir,
      threads: options.threads,
      fullRefresh: options.fullRefresh,
      snapshotAt: options.snapshotAt,
      warnError: options.warnError,
      onEvent: (event) => {
        early?.observe(event);
        options.onEvent?.(event);
      },
      project,
    }).catch(async (error: unknown) => {
      // never leave a query running on a warehouse the caller is about to close
      await Promise.all([checksRun, early?.settled()]);
      throw error;
    }),
    checksRun,
  ]);
  if (!build.snapshots.ok || !build.run.ok) {
    await early?.settled();
    const failed = build.snapshots.results.filter((r) => r.status !== 'success').map((r) => r.name);
    const stoppedBecause = build.snapshots.ok
      ? 'a model or a data test failed'
      : `the snapshot ${failed.join(', ')} failed`;
    return { load, checks, build, ok: false, stoppedBecause };
  }
  options.onStep?.('kpis');
  const kpis = await kpiStep(warehouse, {
    projectDir: options.projectDir,
    outDir: options.outDir,
    project: build.project,
    warnings: dataQualityWarnings(build.run),
    early,
  });
  options.onStep?.('report');
  const reportFile = await reportStep({
    outDir: options.outDir,
    kpis,
    run: build.run,
    loads: load.results,
    checks,
    charts: await charts,
  });
  return { load, checks, build, kpis, reportFile, ok: true };
}

/** The KPI queries to start during the build; none when the project or kpis.yml does not read (the KPI step then reports it as before). */
async function earlyKpis(
  warehouse: Warehouse,
  project: Promise<CompiledProject>,
  projectDir: string,
): Promise<EarlyKpis | undefined> {
  try {
    return new EarlyKpis(warehouse, await project, await readKpiSpecs(projectDir));
  } catch {
    return undefined;
  }
}

/** What the run history keeps of a pipeline run: exit status, why it stopped, results and KPI values. */
export function pipelineOutcome(result: PipelineResult): RunOutcome {
  return {
    exitCode: result.ok ? 0 : 1,
    message: result.stoppedBecause,
    nodes: [
      ...freshnessNodes(result.checks),
      ...snapshotNodes(result.build?.snapshots.results ?? []),
      ...(result.build?.run.results ?? []),
    ],
    kpis: result.kpis?.kpis,
  };
}
