import { redactSecrets } from '../../common/redact';
import { type GenerateDocsResult, generateDocs } from '../../docs/generate-docs';
import { targetDialect } from '../../warehouse/open-warehouse';
import type { Warehouse } from '../../warehouse/warehouse';
import { COMMON_HELP, commonOptions, parseCommand } from '../options';
import { Reporter } from '../reporter';
import { withWarehouse } from '../with-warehouse';

const HELP = `etl-workbook docs [--no-warehouse] [options]

Writes the documentation site to target/docs/ (dbt docs generate, without dbt docs serve: open
target/docs/index.html from the file system, no server needed): every model, seed, source and
analysis with its description, columns and their types, data tests and their last result (from
target/run_results.json), compiled SQL, and a lineage graph whose boxes link to each page.

Column types are read from the warehouse's information_schema; when it cannot be reached they
come from the YAML (data_type:) and a warning says so.

  --no-warehouse    do not connect: column types from the YAML only`;

export async function docsCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, { 'no-warehouse': { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(`${HELP}\n\n${COMMON_HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const reporter = new Reporter(options.quiet);
  const write = (warehouse?: Warehouse) =>
    generateDocs({
      projectDir: options.project,
      outDir: options.out,
      warehouse,
      dialect: targetDialect(options.target),
    });
  let result: GenerateDocsResult;
  if (values['no-warehouse']) result = await write();
  else {
    let opened = false;
    try {
      result = await withWarehouse(options, reporter, (warehouse) => {
        opened = true;
        return write(warehouse);
      });
    } catch (error) {
      if (opened) throw error;
      const message = redactSecrets((error as Error).message, [
        process.env.PGPASSWORD,
        process.env.AWS_SECRET_ACCESS_KEY,
      ]).split('\n')[0];
      reporter.error(
        `warning: could not reach the ${options.target} warehouse (${message}); column types come from the YAML. Pass --no-warehouse to skip trying.`,
      );
      result = await write();
    }
  }
  const types = values['no-warehouse']
    ? 'column types from the YAML'
    : `columns of ${result.relationsFromWarehouse} relations read from the warehouse`;
  const tests = result.lastRunFound ? 'test results from run_results.json' : 'no run_results.json yet';
  reporter.summary(`Wrote ${result.pages} pages to ${result.index} (${types}; ${tests})`);
  return 0;
}
