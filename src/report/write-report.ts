import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { renderReport } from './render-report';
import type { ReportInput } from './report-input';

/**
 * Writes the report page to `file` (default target/report.html), creating its folder, and
 * resolves with the file's absolute path.
 *
 * @example
 * ```ts
 * await writeReport({ title: 'Jaffle Shop KPIs', generatedAt: new Date().toISOString(), kpis, tests }, 'target/report.html');
 * ```
 */
export async function writeReport(input: ReportInput, file = 'target/report.html'): Promise<string> {
  const html = await renderReport(input);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, html, 'utf8');
  return resolve(file);
}
