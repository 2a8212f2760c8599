import { displayPath } from '../../paths/display-path';
import { loadStep } from '../../pipeline/load-step';
import type { Finding, Profile } from '../../profile';
import { findingText } from '../../profile/finding-text';
import { profileRefusal, profileWarehouse } from '../../profile/profile-warehouse';
import { writeProfile } from '../../profile/write-profile';
import { targetDialect } from '../../warehouse/open-warehouse';
import { COMMON_HELP, commonOptions, parseCommand, UsageError } from '../options';
import { Reporter } from '../reporter';
import { NO_WAIT_HELP, NO_WAIT_OPTION, noWait } from '../shared-options';
import { withLockedWarehouse } from '../with-warehouse';
import { formatLoadResult } from './load-command';

const HELP = `etl-workbook profile [--data DIR] [--no-load] [options]

Loads the dataset into schema raw (as \`load\` does), then profiles the raw tables inside the
warehouse (SQL only: it scales with the engine): per column the inferred type, nulls, distinct
values, ranges, quantiles, top values; per table the candidate keys (single and composite) and
duplicate rows; between tables the foreign keys with their coverage and orphan rows; and the
data-quality findings, printed in plain words.

Writes target/profile.json and target/profile.html (charts: order values, orders per day, items
per order). Findings are information: the exit code is 0 with findings, 1 when loading or
profiling fails. The warehouse design is written by \`etl-workbook schema\`.

  --no-load         profile schema raw as it is (skip loading the dataset)
${NO_WAIT_HELP}

${COMMON_HELP}`;

const MARK = { error: '✘', warn: '!', info: '·' } as const;

export async function profileCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, {
    'no-load': { type: 'boolean' },
    ...NO_WAIT_OPTION,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  // Refused before connecting or loading anything: a Redshift run would load, then fail.
  const refused = profileRefusal(targetDialect(options.target));
  if (refused) throw new UsageError(refused);
  const reporter = new Reporter(options.quiet);
  return withLockedWarehouse(options, reporter, noWait(values), async (warehouse) => {
    if (!values['no-load']) {
      const load = await loadStep(warehouse, { dataDir: options.data, outDir: options.out });
      reporter.summary(
        `Loaded ${options.data} into ${warehouse.description} in ${load.seconds.toFixed(1)} s:`,
      );
      for (const result of load.results) reporter.summary(formatLoadResult(result));
      if (!load.ok) {
        reporter.error(
          'Not profiling: a table that failed to load still holds its previous contents, so the profile would mix two datasets. Fix the file(s) above and run again.',
        );
        return 1;
      }
    }
    const profile = await profileWarehouse(warehouse, {
      onTable: (table) =>
        reporter.progress(`  profiled ${table.name} (${table.rows} rows) in ${table.seconds.toFixed(2)} s`),
    });
    const written = await writeProfile(profile, options.out);
    for (const line of profileSummary(profile)) reporter.summary(line);
    reporter.summary(`Wrote ${displayPath(written.json)} and ${displayPath(written.html)}.`);
    return 0;
  });
}

/** The profile in a few lines: tables with rows, keys and seconds, foreign keys, then every finding. */
export function profileSummary(profile: Profile): string[] {
  const lines = [`Profiled schema ${profile.schema} in ${profile.seconds.toFixed(1)} s:`];
  for (const table of profile.tables) {
    const keys = table.candidateKeys.map((k) => `(${k.columns.join(', ')})`).join(' ') || 'none';
    lines.push(
      `  ${table.name.padEnd(18)} ${String(table.rows).padStart(9)} rows  keys ${keys}  ${table.seconds.toFixed(2)} s`,
    );
  }
  const foreignKeys = profile.relationships.filter((r) => r.accepted);
  if (foreignKeys.length > 0) {
    lines.push('Foreign keys (coverage):');
    for (const r of foreignKeys) {
      const coverage = r.coverage === 1 ? '100%' : `${(r.coverage * 100).toFixed(1)}%`;
      lines.push(`  ${r.fromTable}.${r.fromColumn} → ${r.toTable}.${r.toColumn}  ${coverage}`);
    }
  }
  lines.push(findingsHeadline(profile.findings));
  for (const finding of profile.findings) lines.push(`  ${MARK[finding.severity]} ${findingLine(finding)}`);
  return lines;
}

function findingsHeadline(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'Findings: none.';
  const count = (severity: Finding['severity'], word: string) =>
    findingText.count(findings.filter((f) => f.severity === severity).length, word);
  return `Findings: ${count('error', 'error')}, ${count('warn', 'warning')}, ${count('info', 'note')}:`;
}

function findingLine(finding: Finding): string {
  const examples = finding.examples?.length ? ` (e.g. ${finding.examples.slice(0, 3).join(', ')})` : '';
  return `${finding.message}${examples}`;
}
