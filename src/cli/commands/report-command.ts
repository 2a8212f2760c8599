import { displayPath } from '../../paths/display-path';
import { reportFromArtifacts } from '../../pipeline/report-from-artifacts';
import { COMMON_HELP, commonOptions, parseCommand } from '../options';
import { Reporter } from '../reporter';

const HELP = `etl-workbook report [--out DIR]

Writes target/report.html from the artifacts of the last run (kpis.json, run_results.json,
load_results.json): one self-contained page with KPI tiles, charts, tables and the data-test
summary. It opens from the file system; nothing is fetched. \`run\` writes it at its end too.

${COMMON_HELP}`;

export async function reportCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, {});
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const file = await reportFromArtifacts(options.out);
  new Reporter(options.quiet).summary(`Report: ${displayPath(file)}`);
  return 0;
}
