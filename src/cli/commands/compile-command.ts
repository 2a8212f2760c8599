import { SelectionError } from '../../graph/select';
import { compileStep } from '../../pipeline/compile-step';
import { targetDialect } from '../../warehouse/open-warehouse';
import { COMMON_HELP, commonOptions, parseCommand, UsageError } from '../options';
import { Reporter } from '../reporter';
import { selectionFrom } from '../selection-options';

const HELP = `etl-workbook compile [--select SEL] [--exclude SEL] [--state DIR] [options]

Compiles the SQL project without connecting to any warehouse (dbt compile): every selected
model, data test and analysis is rendered (ref, source, config, macros) and written to
target/compiled/<path>.sql, and target/manifest.json lists every node with its checksum. All
compile errors are reported together, each with its file and line.

  -s, --select SEL  what to compile (dbt's syntax, repeatable): name, +name, name+, tag:x,
                    path:marts, resource_type:analysis, state:modified(+); default: everything
  --exclude SEL     what not to compile (same syntax)
  --state DIR       folder with the manifest.json of an earlier run, for state:modified`;

const OPTIONS = {
  select: { type: 'string', short: 's', multiple: true },
  exclude: { type: 'string', multiple: true },
  state: { type: 'string' },
} as const;

export async function compileCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, OPTIONS);
  if (values.help) {
    process.stdout.write(`${HELP}\n\n${COMMON_HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const { select, exclude, stateDir } = selectionFrom(values);
  const reporter = new Reporter(options.quiet);
  const started = performance.now();
  const result = await compileStep({
    projectDir: options.project,
    outDir: options.out,
    select,
    exclude,
    stateDir,
    target: options.target,
    // The target's dialect (macros may differ on Redshift), known without connecting.
    dialect: targetDialect(options.target),
  }).catch((error: unknown) => {
    if (error instanceof SelectionError) throw new UsageError(error.message);
    throw error;
  });
  for (const warning of result.selection.warnings) reporter.error(`warning: ${warning}`);
  for (const note of result.project.notes ?? []) reporter.info(`note: ${note}`);
  for (const file of result.written) reporter.progress(`  ${file}`);
  const { project } = result;
  const ms = Math.round(performance.now() - started);
  reporter.summary(
    `Compiled ${project.models.length} models, ${project.tests.length} tests, ${project.analyses.length} analyses in ${ms} ms; wrote ${result.written.length} files to ${options.out}/compiled/ and ${result.manifestPath}`,
  );
  return 0;
}
