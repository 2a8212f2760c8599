import { buildStep } from '../../pipeline/build-step';
import { formatRunCounts, formatRunEvent, formatRunProblems } from '../format-run';
import { COMMON_HELP, commonOptions, parseCommand } from '../options';
import { Reporter } from '../reporter';
import { SELECTION_OPTIONS, selectionFrom } from '../selection-options';
import { FULL_REFRESH_OPTION, NO_WAIT_HELP, noWait } from '../shared-options';
import { withLockedWarehouse } from '../with-warehouse';

const HELP = `etl-workbook seed [--select SEL] [--exclude SEL] [options]

Loads the CSV files of sql/seeds/ (small reference tables, e.g. store regions) into tables of
schema seeds, typed by column_types in their YAML: each with one COPY into a new table that is
then swapped in, so a bad value leaves the previous table. build and run load the seeds too,
before the models that ref() them; this command loads them alone (and does not run their tests).
A view that selects from a seed directly is dropped with it: run build to recreate it.

  -s, --select SEL  which seeds (dbt's syntax: name, tag:x, path:seeds/…)
  --exclude SEL     which seeds not to load
  --threads N       seeds loaded at once (default 4)
${NO_WAIT_HELP}
  --full-refresh    accepted for dbt compatibility: a seed is always loaded whole

${COMMON_HELP}`;

/** `etl-workbook seed` (dbt seed). */
export async function seedCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, { ...SELECTION_OPTIONS, ...FULL_REFRESH_OPTION });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const selection = selectionFrom(values);
  const reporter = new Reporter(options.quiet);
  return withLockedWarehouse(options, reporter, noWait(values), async (warehouse) => {
    const { run, plan } = await buildStep(warehouse, {
      projectDir: options.project,
      outDir: options.out,
      ...selection,
      resourceTypes: ['seed'],
      onEvent: (event) => {
        const line = formatRunEvent(event);
        if (line) reporter.progress(line);
      },
    });
    for (const warning of plan.warnings) reporter.error(`warning: ${warning}`);
    reporter.summary(`Seeded ${warehouse.description}: ${formatRunCounts(run)}`);
    for (const line of formatRunProblems(run)) reporter.summary(line);
    return run.ok ? 0 : 1;
  });
}
