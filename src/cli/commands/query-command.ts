import type { MetricQuery } from '../../metrics/compile-metric-query';
import { compileProjectMetricQuery, queryMetrics } from '../../metrics/query-metrics';
import { targetDialect } from '../../warehouse/open-warehouse';
import { formatRows, type RowFormat } from '../format-rows';
import { COMMON_HELP, commonOptions, parseCommand, UsageError } from '../options';
import { Reporter } from '../reporter';
import { withWarehouse } from '../with-warehouse';

const HELP = `etl-workbook query --metrics NAMES [--group-by NAMES] [--where SQL] [--order NAMES] [--limit N] [--json|--csv] [options]

Answers metrics (declared under metrics: in the project's YAML, over its semantic_models:) by any
dimension, like dbt's semantic layer: the query is compiled to SQL for the target's engine and run.

  --metrics NAMES   comma-separated metrics, e.g. revenue,order_count
  --group-by NAMES  metric_time[__day|week|month|quarter|year], <entity>__<dimension> such as
                    store__store_name, a dimension, or an entity (its key), comma-separated
  --where SQL       a condition on dimensions, e.g. "{{ Dimension('store__region') }} = 'East'";
                    may be repeated (all must hold)
  --order NAMES     output columns, comma-separated; a leading - sorts descending (--order=-revenue)
  --limit N         at most N rows
  --json, --csv     print JSON or CSV instead of a table
  --compile         print the SQL only (no warehouse needed)

${COMMON_HELP}`;

const list = (value: unknown) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : undefined;

export async function queryCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, {
    metrics: { type: 'string' },
    'group-by': { type: 'string' },
    where: { type: 'string', multiple: true },
    order: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    compile: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const query = metricQuery(values);
  if (values.compile) {
    const compiled = await compileProjectMetricQuery(query, options.project, targetDialect(options.target));
    process.stdout.write(`${compiled.sql}\n`);
    return 0;
  }
  const format: RowFormat = values.json ? 'json' : values.csv ? 'csv' : 'table';
  const reporter = new Reporter(options.quiet || format !== 'table');
  return withWarehouse(options, reporter, async (warehouse) => {
    const result = await queryMetrics(warehouse, query, { projectDir: options.project });
    const columns = result.columns.map((column) => column.name);
    process.stdout.write(formatRows(result.rows, columns, format));
    return 0;
  });
}

function metricQuery(values: Record<string, unknown>): MetricQuery {
  const metrics = list(values.metrics);
  if (!metrics || metrics.length === 0)
    throw new UsageError('Name the metrics: --metrics revenue,order_count.');
  if (values.json && values.csv) throw new UsageError('Choose one of --json and --csv.');
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new UsageError(`--limit takes a whole number ≥ 0, got "${values.limit}".`);
  }
  return {
    metrics,
    groupBy: list(values['group-by']),
    where: values.where as string[] | undefined,
    orderBy: list(values.order),
    limit,
  };
}
