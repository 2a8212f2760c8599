import { displayPath } from '../../paths/display-path';
import { generateTypes } from '../../typegen/generate-types';
import type { ProjectTypes } from '../../typegen/project-types';
import type { Warehouse } from '../../warehouse/warehouse';
import { COMMON_HELP, commonOptions, parseCommand } from '../options';
import { Reporter } from '../reporter';
import { withWarehouse } from '../with-warehouse';

const HELP = `etl-workbook types [--no-warehouse] [options]

Writes target/types/warehouse.d.ts: a TypeScript interface per mart (FctOrders, …, and Marts by
name), per KPI row (ProductPerformanceRow, …, and Kpis: what kpiStep returns, from
sql/analysis/kpis.yml) and the typed metric query (MetricValues, MetricGroupBy, ProjectMetrics).
Notebooks import it (import type { Kpis } from '../target/types/warehouse'), so a renamed column
fails the type check of the cell that uses it.

The marts' columns and types come from the warehouse's catalog when they are built; marts not
built yet (or --no-warehouse) take the YAML's columns, typed by their data_type: (unknown where
none is declared). npm run build runs it with --no-warehouse: a build starts no database.

  --no-warehouse    do not connect: marts from the models' YAML only

${COMMON_HELP}`;

export async function typesCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, { 'no-warehouse': { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const reporter = new Reporter(options.quiet);
  const write = async (warehouse?: Warehouse) => {
    const { file, types } = await generateTypes({
      projectDir: options.project,
      outDir: options.out,
      warehouse,
    });
    reporter.summary(`Wrote ${displayPath(file)}: ${typesSummary(types)}.`);
    return 0;
  };
  if (values['no-warehouse']) return write();
  return withWarehouse(options, reporter, write);
}

/** `6 marts (4 from the catalog, 2 from the YAML), 6 KPIs, 9 metrics, 57 group-by names` */
export function typesSummary(types: ProjectTypes): string {
  const fromCatalog = types.marts.filter((mart) => mart.columnsFrom === 'catalog').length;
  const origin =
    fromCatalog === types.marts.length
      ? 'from the catalog'
      : fromCatalog === 0
        ? 'from the YAML'
        : `${fromCatalog} from the catalog, ${types.marts.length - fromCatalog} from the YAML`;
  return `${types.marts.length} marts (${origin}), ${types.kpis.length} KPIs, ${types.metrics.length} metrics, ${types.groupBy.length} group-by names`;
}
