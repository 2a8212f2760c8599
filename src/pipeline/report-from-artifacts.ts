import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportLoad, ReportTest, ReportTestStatus } from '../report/report-input';
import { writeReport } from '../report/write-report';
import type { NodeResult } from '../runner/run-result';
import { severityAndSample } from './report-step';

/**
 * Writes target/report.html from the artifacts an earlier run left in `outDir`: kpis.json
 * (required), run_results.json and load_results.json (used when present).
 */
export async function reportFromArtifacts(
  outDir: string,
  title = 'Café chain — retail KPIs',
): Promise<string> {
  const kpis = await readJson<{ kpis?: Record<string, unknown>; metadata?: { generated_at?: string } }>(
    join(outDir, 'kpis.json'),
  );
  if (!kpis?.kpis) {
    throw new Error(
      `No KPIs in ${join(outDir, 'kpis.json')}: the report shows the KPIs of a run. Run \`etl-workbook run\` (or build, then kpis) first.`,
    );
  }
  const runResults = await readJson<{
    results?: {
      unique_id: string;
      status: string;
      failures: number | null;
      failing_rows_sample?: Record<string, unknown>[] | null;
    }[];
  }>(join(outDir, 'run_results.json'));
  const loadResults = await readJson<{ results?: ReportLoad[] }>(join(outDir, 'load_results.json'));
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
      generatedAt: kpis.metadata?.generated_at ?? new Date().toISOString(),
      kpis: kpis.kpis,
      tests,
      loads: loadResults?.results?.map(({ table, rows, seconds, status }) => ({
        table,
        rows,
        seconds,
        status,
      })),
    },
    join(outDir, 'report.html'),
  );
}

async function readJson<T>(file: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(
      `${file} is not valid JSON (${(error as Error).message}); run the step that writes it again.`,
    );
  }
}
