import { kpiHeadlines } from '../../kpis/headlines';
import { kpiStep } from '../../pipeline/kpi-step';
import { COMMON_HELP, commonOptions, parseCommand } from '../options';
import { Reporter } from '../reporter';
import { withWarehouse } from '../with-warehouse';

const HELP = `etl-workbook kpis [options]

Runs every KPI query of sql/analysis/ (declared in sql/analysis/kpis.yml) against the built marts
and writes target/kpis.json: { "kpis": { name: rows | object } }, money in dollars rounded to
cents, ratios to 4 decimals. Build first (etl-workbook build, or run).

${COMMON_HELP}`;

export async function kpisCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, {});
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const reporter = new Reporter(options.quiet);
  return withWarehouse(options, reporter, async (warehouse) => {
    const results = await kpiStep(warehouse, { projectDir: options.project, outDir: options.out });
    reporter.summary(`Wrote ${Object.keys(results.kpis).length} KPIs to ${options.out}/kpis.json:`);
    for (const line of kpiHeadlines(results)) reporter.summary(`  ${line}`);
    return 0;
  });
}
