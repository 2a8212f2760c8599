import type { NodeResult, RunEvent, RunResult } from '../runner/run-result';

const MARK: Record<NodeResult['status'], string> = {
  success: '✔',
  warn: '!',
  fail: '✘',
  error: '✘',
  skipped: '-',
};

/** One progress line per finished node: `[ 3/40] ✔ model stg_orders (0.05 s)`. */
export function formatRunEvent(event: RunEvent): string | undefined {
  if (event.type !== 'node-finish') return undefined;
  const { result, index, total } = event;
  const width = String(total).length;
  const position = `[${String(index + 1).padStart(width)}/${total}]`;
  const what = `${result.resourceType} ${result.name}`;
  const detail = result.status === 'skipped' ? 'skipped' : `${result.seconds.toFixed(2)} s`;
  return `${position} ${MARK[result.status]} ${what} (${detail})`;
}

/** Counts per kind: `models 14 built, 0 errors · tests 211 passed, 0 failed, 0 warned, 0 skipped`. */
export function formatRunCounts(run: RunResult): string {
  const models = run.results.filter((r) => r.resourceType === 'model');
  const tests = run.results.filter((r) => r.resourceType === 'test');
  const seeds = run.results.filter((r) => r.resourceType === 'seed');
  const unitTests = run.results.filter((r) => r.resourceType === 'unit_test');
  const count = (list: NodeResult[], status: NodeResult['status']) =>
    list.filter((r) => r.status === status).length;
  const parts: string[] = [];
  if (seeds.length > 0) {
    parts.push(
      `seeds ${count(seeds, 'success')} loaded, ${count(seeds, 'error')} errors, ${count(seeds, 'skipped')} skipped`,
    );
  }
  if (models.length > 0) {
    parts.push(
      `models ${count(models, 'success')} built, ${count(models, 'error')} errors, ${count(models, 'skipped')} skipped`,
    );
  }
  if (tests.length > 0) {
    parts.push(
      `tests ${count(tests, 'success')} passed, ${count(tests, 'fail') + count(tests, 'error')} failed, ` +
        `${count(tests, 'warn')} warned, ${count(tests, 'skipped')} skipped`,
    );
  }
  if (unitTests.length > 0) {
    parts.push(
      `unit tests ${count(unitTests, 'success')} passed, ${count(unitTests, 'fail') + count(unitTests, 'error')} failed`,
    );
  }
  return parts.join(' · ') || 'nothing selected';
}

/** The failures and warnings, each with its message (which names file and line). */
export function formatRunProblems(run: RunResult): string[] {
  const lines: string[] = [];
  if (run.setupError) lines.push(`  ✘ setup: ${run.setupError}`);
  for (const result of run.results) {
    if (result.status === 'error' || result.status === 'fail' || result.status === 'warn') {
      lines.push(`  ${MARK[result.status]} ${result.resourceType} ${result.name}: ${result.message}`);
    }
  }
  return lines;
}
