import type { RunSummary } from './list-runs';

/** `etl-workbook history` as text: one line per run, newest first. */
export function formatHistory(runs: readonly RunSummary[]): string[] {
  if (runs.length === 0)
    return ['No runs recorded yet: `etl-workbook run`, `load` and `build` record themselves.'];
  const header = `${'run id'.padEnd(36)}  ${'command'.padEnd(8)} ${'status'.padEnd(8)} ${'started (UTC)'.padEnd(19)} ${'seconds'.padStart(8)} ${'tables'.padStart(6)} ${'rows'.padStart(10)}  project`;
  return [
    header,
    ...runs.map((run) => {
      const seconds = run.finishedAt
        ? ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)
        : '—';
      const status = run.status === 'running' && run.finishedAt === null ? 'running' : run.status;
      const line = `${run.runId}  ${run.command.padEnd(8)} ${status.padEnd(8)} ${run.startedAt.slice(0, 19).replace('T', ' ')} ${seconds.padStart(8)} ${String(run.tablesLoaded).padStart(6)} ${String(run.rowsLoaded).padStart(10)}  ${run.projectChecksum?.slice(0, 12) ?? '—'}`;
      return run.message ? `${line}\n    ${run.message}` : line;
    }),
  ];
}
