import type { FreshnessResult } from '../freshness/check-freshness';
import type { ExtractChecks } from '../pipeline/extract-checks';

const days = (seconds: number) => `${(seconds / 86_400).toFixed(1)} days`;
const MAX_VOLUME_LINES = 10;

/** `  ✘ source.raw.raw_orders  error newest 2024-12-31T19:27:46Z, 700.9 days before 2026-12-02T…`. */
export function formatFreshnessResult(result: FreshnessResult): string {
  const mark = result.status === 'pass' ? '✔' : result.status === 'warn' ? '!' : '✘';
  const age =
    result.max_loaded_at_time_ago_in_s === null
      ? (result.error ?? 'no data')
      : `newest ${result.max_loaded_at}, ${days(result.max_loaded_at_time_ago_in_s)} before ${result.snapshotted_at}`;
  return `  ${mark} ${result.unique_id.padEnd(24)} ${result.status.padEnd(5)} ${age}`;
}

/** The run summary's lines for the freshness and volume checks (at most ten volume warnings). */
export function formatExtractChecks(checks: ExtractChecks): string[] {
  const lines: string[] = [];
  if (checks.freshnessError) lines.push(`Freshness: not checked: ${checks.freshnessError}`);
  else if (checks.freshness.length > 0) {
    const stale = checks.freshness.filter((f) => f.status !== 'pass').length;
    lines.push(
      `Freshness: ${stale === 0 ? 'every source fresh' : `${stale} stale or unchecked`} (run --as-of sets the reference time; \`etl-workbook freshness\` exits 1 on an error):`,
    );
    lines.push(...checks.freshness.map(formatFreshnessResult));
  }
  const { volume } = checks;
  if (volume.error) return [...lines, `Volume: ${volume.error}`];
  const history = `${volume.previousRuns} previous ${volume.previousRuns === 1 ? 'run' : 'runs'}`;
  lines.push(
    `Volume: ${volume.judged} counts judged against their band, ${volume.notJudged} without enough history (${history}); ` +
      `${volume.warnings.length} ${volume.warnings.length === 1 ? 'warning' : 'warnings'}${volume.warnings.length > 0 ? ':' : '.'}`,
  );
  lines.push(...volume.warnings.slice(0, MAX_VOLUME_LINES).map((w) => `  ! ${w.message}`));
  const more = volume.warnings.length - MAX_VOLUME_LINES;
  if (more > 0) lines.push(`  … and ${more} more (etl_meta.volume_warnings, report.html "Extract checks")`);
  return lines;
}
