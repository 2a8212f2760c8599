import { formatHistory } from '../../history/format-history';
import { listRuns, readRun } from '../../history/list-runs';
import { COMMON_HELP, commonOptions, parseCommand, UsageError } from '../options';
import { Reporter } from '../reporter';
import { withWarehouse } from '../with-warehouse';

const HELP = `etl-workbook history [--limit N] [--json] [--run ID]

Lists the runs recorded in the warehouse's schema etl_meta, newest first: every run, load and
build writes its entry (command, status, exit code, start and end, raw tables and rows loaded,
the SQL project's checksum, the CLI version). A run still "running" with no end time was
interrupted (or is in progress): its loads that committed are recorded, never a success.

  --limit N         at most N runs (default 20)
  --json            print JSON instead of text (with --run: the run's loads with their files'
                    sha256, model and test results and KPI values)
  --run ID          one run in full

${COMMON_HELP}`;

export async function historyCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, {
    limit: { type: 'string' },
    json: { type: 'boolean' },
    run: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UsageError(`--limit must be a positive whole number, got ${values.limit}.`);
  }
  const reporter = new Reporter(options.quiet);
  return withWarehouse(options, reporter, async (warehouse) => {
    if (typeof values.run === 'string') {
      const run = await readRun(warehouse, values.run);
      if (!run) {
        reporter.error(
          `No run ${values.run} in ${warehouse.description}'s history; \`etl-workbook history\` lists the ids.`,
        );
        return 1;
      }
      reporter.summary(values.json ? JSON.stringify(run, null, 2) : formatHistory([run]).join('\n'));
      return 0;
    }
    const runs = await listRuns(warehouse, { limit });
    reporter.summary(values.json ? JSON.stringify({ runs }, null, 2) : formatHistory(runs).join('\n'));
    return 0;
  });
}
