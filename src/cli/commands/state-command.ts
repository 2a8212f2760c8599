import { dropKeptState, listKeptStates } from '../../diff/kept-state';
import { SCRATCH_PREFIX } from '../../diff/run-diff';
import { COMMON_HELP, commonOptions, parseCommand, UsageError } from '../options';
import { Reporter } from '../reporter';
import { withLockedWarehouse } from '../with-warehouse';

const HELP = `etl-workbook state list | clean [--keep N] [options]

The runs kept for \`diff\` by \`run --keep-state\`: a schema etl_state_<run id> with the run's raw
tables and marts, and target/state/<run id>/ with its SQL project and KPIs.

  list         the kept runs, oldest first
  clean        drops kept runs (schema and folder), and any scratch schema a killed diff left
  --keep N     with clean: keep the N latest runs (default 0)

${COMMON_HELP}`;

export async function stateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, { keep: { type: 'string' } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const action = positionals[0];
  if (action !== 'list' && action !== 'clean')
    throw new UsageError('Say what to do: etl-workbook state list | clean.');
  const keep = Number(values.keep ?? 0);
  if (!Number.isInteger(keep) || keep < 0)
    throw new UsageError(`--keep must be a whole number, got ${values.keep}.`);
  const options = commonOptions(values);
  const reporter = new Reporter(options.quiet);
  const states = await listKeptStates(options.out);
  if (action === 'list') {
    if (states.length === 0) reporter.summary('No kept run. Keep one with `etl-workbook run --keep-state`.');
    for (const state of states) {
      reporter.summary(`${state.runId}  kept ${state.createdAt}  schema ${state.schema}  ${state.dir}`);
    }
    return 0;
  }
  return withLockedWarehouse(options, reporter, false, async (warehouse) => {
    const dropped = states.slice(0, Math.max(0, states.length - keep));
    for (const state of dropped) await dropKeptState(warehouse, state);
    const scratch = await warehouse.query<{ nspname: string }>(
      'select nspname from pg_namespace where starts_with(nspname, $1)',
      [SCRATCH_PREFIX],
    );
    for (const { nspname } of scratch.rows) {
      await warehouse.query(`drop schema if exists ${warehouse.dialect.quoteIdentifier(nspname)} cascade`);
    }
    reporter.summary(
      `Dropped ${dropped.length} kept run(s)${scratch.rows.length ? ` and ${scratch.rows.length} leftover scratch schema(s)` : ''}; ${states.length - dropped.length} kept.`,
    );
    return 0;
  });
}
