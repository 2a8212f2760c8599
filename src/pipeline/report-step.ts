import { join } from 'node:path';
import type { KpiResults } from '../kpis/compute-kpis';
import type { LoadResult } from '../loader/load-result';
import type { ReportExtractChecks } from '../report/extract-checks-section';
import type { ReportChart } from '../report/report-charts';
import type { ReportTest } from '../report/report-input';
import { writeReport } from '../report/write-report';
import type { NodeResult, RunResult } from '../runner/run-result';
import type { ExtractChecks } from './extract-checks';

export interface ReportStepInput {
  outDir: string;
  kpis: KpiResults;
  run?: RunResult;
  loads?: LoadResult[];
  /** Freshness and volume checks of the extract, shown in "Extract checks". */
  checks?: ExtractChecks;
  title?: string;
  /** The charts already drawn from these KPIs (see ReportInput.charts). */
  charts?: ReportChart[];
}

/** Writes target/report.html from the KPIs, the data tests of the run and the loads. */
export function reportStep(input: ReportStepInput): Promise<string> {
  const tests: ReportTest[] = (input.run?.results ?? [])
    .filter((result) => result.resourceType === 'test')
    .map((result) => ({
      name: result.name,
      status: result.status === 'success' ? 'pass' : result.status,
      failures: result.failures,
      ...severityAndSample(result),
    }));
  return writeReport(
    {
      title: input.title ?? 'Café chain — retail KPIs',
      generatedAt: new Date().toISOString(),
      kpis: input.kpis.kpis,
      tests,
      loads: input.loads?.map(({ table, rows, seconds, status }) => ({ table, rows, seconds, status })),
      ...(input.checks ? { extractChecks: reportChecks(input.checks) } : {}),
      ...(input.charts ? { charts: input.charts } : {}),
    },
    join(input.outDir, 'report.html'),
  );
}

/** A test that found rows: `warn` observed them, `fail` was of severity error; the first row found. */
export function severityAndSample(result: Pick<NodeResult, 'status' | 'sample'>): Partial<ReportTest> {
  if (result.status !== 'warn' && result.status !== 'fail') return {};
  return { severity: result.status === 'warn' ? 'warn' : 'error', sample: result.sample?.[0] };
}

/** The report's view of the extract checks. */
function reportChecks(checks: ExtractChecks): ReportExtractChecks {
  return {
    freshness: checks.freshness.map((f) => ({
      source: f.unique_id.replace(/^source\./, ''),
      status: f.status,
      newest: f.max_loaded_at,
      at: f.snapshotted_at,
      ...(f.error ? { error: f.error } : {}),
    })),
    volumeWarnings: checks.volume.warnings.map((w) => ({
      table: w.table,
      store: w.storeId,
      day: w.day,
      rows: w.rows,
      usual: w.usual,
      message: w.message,
    })),
    volumeJudged: checks.volume.judged,
    volumeNotJudged: checks.volume.notJudged,
    errors: [checks.freshnessError, checks.volume.error].filter((e): e is string => e !== undefined),
  };
}
