import type { LoadResult } from '../../loader/load-result';
import { loadStep } from '../../pipeline/load-step';
import { withRunLock } from '../../warehouse/run-lock';
import { COMMON_HELP, commonOptions, parseCommand } from '../options';
import { Reporter } from '../reporter';
import { withWarehouse } from '../with-warehouse';

export const LOAD_HELP = `etl-workbook load [--table NAME ...] [options]

Loads the six raw CSV files of the dataset into schema raw (one transaction per table, tables
concurrently), checks each header against the contract and writes target/load_results.json.

  --table NAME      load only this raw table (repeatable), e.g. --table raw_orders
  --no-wait         fail at once if another run is writing to the warehouse

${COMMON_HELP}`;

export function formatLoadResult(result: LoadResult): string {
  if (result.status === 'success') {
    return `  ✔ ${result.table.padEnd(18)} ${String(result.rows).padStart(9)} rows  ${result.seconds.toFixed(2)} s`;
  }
  return `  ✘ ${result.table.padEnd(18)} ${result.error?.message ?? 'failed'}`;
}

export async function loadCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, {
    table: { type: 'string', multiple: true },
    'no-wait': { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${LOAD_HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const reporter = new Reporter(options.quiet);
  return withWarehouse(options, reporter, (warehouse) =>
    withRunLock(
      warehouse,
      async () => {
        const step = await loadStep(warehouse, {
          dataDir: options.data,
          outDir: options.out,
          tables: values.table as string[] | undefined,
        });
        reporter.summary(`Loaded ${options.data} into ${warehouse.description}:`);
        for (const result of step.results) reporter.summary(formatLoadResult(result));
        return step.ok ? 0 : 1;
      },
      {
        wait: !values['no-wait'],
        onWait: (holder) => reporter.info(`Waiting for another run to finish (${holder})…`),
      },
    ),
  );
}
