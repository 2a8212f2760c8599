import { join } from 'node:path';
import { readJsonArtifact } from '../artifacts/artifacts';
import type { DiffResult } from '../diff/run-diff';
import type { ReportTest, ReportTestStatus } from '../report/report-input';
import { writeReport } from '../report/write-report';
import type { NodeResult } from '../runner/run-result';
import { reportChanges } from './diff-step';
import { severityAndSample } from './report-step';

/**
 * Writes target/report.html from the artifacts an earlier run left in `outDir`: kpis.json
 * (required), run_results.json and load_results.json (used when present).
 */
export async function reportFromArtifacts(
  outDir: string,
  title = 'Café chain — retail KPIs',
): Promise<string> {
  const kpis = await readJsonArtifact(outDir, 'kpis.json');
  if (!kpis) {
    throw new Error(
      `No KPIs in ${join(outDir, 'kpis.json')}: the report shows the KPIs of a run. Run \`etl-workbook run\` (or build, then kpis) first.`,
    );
  }
  const runResults = await readJsonArtifact(outDir, 'run_results.json');
  const loadResults = await readJsonArtifact(outDir, 'load_results.json');
  // The last diff, when it was computed against these very KPIs.
  const diff = await readJsonArtifact(outDir, 'diff.json');
  const changes =
    diff?.metadata.kpis_generated_at && diff.metadata.kpis_generated_at === kpis.metadata.generated_at
      ? reportChanges(diff as unknown as DiffResult)
      : undefined;
  const tests: ReportTest[] = (runResults?.results ?? [])
    .filter((result) => result.unique_id.startsWith('test.'))
    .map((result) => ({
      name: result.unique_id.replace(/^test\./, ''),
      status: (result.status === 'success' ? 'pass' : result.status) as ReportTestStatus,
      failures: result.failures ?? undefined,
      ...severityAndSample({
        status: result.status as NodeResult['status'],
        sample: result.failing_rows_sample ?? undefined,
      }),
    }));
  return writeReport(
    {
      title,
      generatedAt: kpis.metadata.generated_at || new Date().toISOString(),
      kpis: kpis.kpis,
      tests,
      loads: loadResults?.results.map(({ table, rows, seconds, status }) => ({
        table,
        rows,
        seconds,
        status,
      })),
      changes,
    },
    join(outDir, 'report.html'),
  );
}
