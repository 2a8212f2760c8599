import { recordedRun } from '../../pipeline/recorded-run';
import { snapshotNodes, snapshotStep } from '../../pipeline/snapshot-step';
import { AS_OF_HELP, AS_OF_OPTION, asOfFrom, formatSnapshotResult } from '../as-of-option';
import { COMMON_HELP, commonOptions, parseCommand } from '../options';
import { Reporter } from '../reporter';
import { withLockedWarehouse } from '../with-warehouse';

const HELP = `etl-workbook snapshot [-s NAME ...] [--as-of TIME] [options]

Takes the snapshots declared in sql/snapshots/*.yml (dbt 1.9's YAML snapshots: strategy timestamp
or check, unique_key, check_cols, updated_at, hard_deletes): a type-2 history of a table, with
dbt's columns dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to. Each snapshot is one
transaction: a failure leaves the previous snapshot table. \`run\` and \`build\` take them too,
after the load and before the models. Writes target/snapshot_results.json.

  -s, --select NAME take only this snapshot (repeatable)
${AS_OF_HELP}
  --no-wait         fail at once if another run is writing to the warehouse

${COMMON_HELP}`;

export async function snapshotCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, {
    select: { type: 'string', short: 's', multiple: true },
    'no-wait': { type: 'boolean' },
    ...AS_OF_OPTION,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const at = asOfFrom(values);
  const reporter = new Reporter(options.quiet);
  return withLockedWarehouse(options, reporter, values['no-wait'] === true, async (warehouse) => {
    const step = await recordedRun(
      warehouse,
      { command: 'snapshot', projectDir: options.project, onHistoryError: (m) => reporter.error(m) },
      () =>
        snapshotStep(warehouse, {
          projectDir: options.project,
          outDir: options.out,
          at,
          select: values.select as string[] | undefined,
        }),
      (taken) => ({ exitCode: taken.ok ? 0 : 1, nodes: snapshotNodes(taken.results) }),
    );
    reporter.summary(
      step.results.length
        ? `Snapshots in ${warehouse.description}:`
        : 'No snapshots declared in sql/snapshots/.',
    );
    for (const result of step.results) reporter.summary(formatSnapshotResult(result));
    return step.ok ? 0 : 1;
  });
}
