import { formatDiff } from '../../diff/format-diff';
import { displayPath } from '../../paths/display-path';
import { diffStep } from '../../pipeline/diff-step';
import { reportFromArtifacts } from '../../pipeline/report-from-artifacts';
import { COMMON_HELP, commonOptions, parseCommand, UsageError } from '../options';
import { Reporter } from '../reporter';
import { selectionFrom } from '../selection-options';
import { withLockedWarehouse } from '../with-warehouse';

const HELP = `etl-workbook diff [--base RUN_ID | --base-state DIR] [-s SEL] [options]

What changed between a kept run (\`run --keep-state\`) and the current build, and why:
  - per mart, rows added, removed and changed by its unique key (columns tested unique and
    not_null), with per changed column the count and a sample, computed in SQL;
  - per KPI number, the base value, the current value and the change, split into a data effect
    (base code on the new data − base), a code effect (new code on the base data − base) and
    their interaction, which add up exactly (to the cent, ratios to the 4th decimal);
  - the segments (store, month, product, customer type) that account for most of the revenue
    data effect.
The two mixed builds go to scratch schemas (etl_scratch_*), dropped on success and on failure;
the current marts are only read. Writes target/diff.json and adds "What changed since the last
run" to target/report.html.

  --base RUN_ID       a kept run (target/state/RUN_ID); default: the latest kept run
  --base-state DIR    a kept state folder instead (holding state.json)
  -s, --select SEL    the marts whose rows are compared (default: every mart)
  --no-attribution    KPI changes only, without the two scratch builds
  --threads N         models built at once in the scratch builds (default 4)

${COMMON_HELP}`;

export async function diffCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, {
    base: { type: 'string' },
    'base-state': { type: 'string' },
    select: { type: 'string', short: 's', multiple: true },
    'no-attribution': { type: 'boolean' },
    threads: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.base !== undefined && values['base-state'] !== undefined) {
    throw new UsageError('Give either --base RUN_ID or --base-state DIR, not both.');
  }
  const options = commonOptions(values);
  const { select, threads } = selectionFrom(values);
  const reporter = new Reporter(options.quiet);
  return withLockedWarehouse(options, reporter, false, async (warehouse) => {
    const result = await diffStep(warehouse, {
      projectDir: options.project,
      outDir: options.out,
      baseRunId: values.base === undefined ? undefined : String(values.base),
      baseStateDir: values['base-state'] === undefined ? undefined : String(values['base-state']),
      select,
      threads,
      attribution: values['no-attribution'] !== true,
    });
    for (const line of formatDiff(result)) reporter.summary(line);
    const out = displayPath(options.out);
    await reportFromArtifacts(options.out).then(
      (file) => reporter.summary(`Wrote ${out}/diff.json; report: ${displayPath(file)}`),
      (error: Error) => reporter.summary(`Wrote ${out}/diff.json (no report: ${error.message})`),
    );
    return 0;
  });
}
