import { freshnessStep } from '../../pipeline/freshness-step';
import { AS_OF_OPTION, asOfFrom } from '../as-of-option';
import { formatFreshnessResult } from '../format-extract-checks';
import { COMMON_HELP, commonOptions, parseCommand } from '../options';
import { Reporter } from '../reporter';
import { withWarehouse } from '../with-warehouse';

const HELP = `etl-workbook freshness [--as-of TIME] [options]

dbt's source freshness: for each source table with loaded_at_field and freshness (warn_after,
error_after) in the sources' YAML, the newest value of that column against the reference time.
Writes target/sources.json (dbt's shape). Exit 1 when a table is past error_after (or cannot be
checked), 0 otherwise (warnings included).

  --as-of TIME      the reference time (ISO 8601, UTC; default now): check a historic extract as of
                    the day it was taken, e.g. --as-of 2025-01-01

${COMMON_HELP}`;

export async function freshnessCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, { ...AS_OF_OPTION });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const at = asOfFrom(values);
  const reporter = new Reporter(options.quiet);
  return withWarehouse(options, reporter, async (warehouse) => {
    const results = await freshnessStep(warehouse, { projectDir: options.project, outDir: options.out, at });
    if (results.length === 0) reporter.summary('No source declares loaded_at_field and freshness.');
    for (const result of results) reporter.summary(formatFreshnessResult(result));
    return results.some((result) => result.status === 'error' || result.status === 'runtime error') ? 1 : 0;
  });
}
