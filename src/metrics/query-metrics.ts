import { join } from 'node:path';
import { loadProject } from '../models/load-project';
import { projectRoot } from '../paths/project-root';
import type { Warehouse } from '../warehouse/warehouse';
import {
  type CompiledMetricQuery,
  compileMetricQuery,
  type MetricColumn,
  type MetricQuery,
} from './compile-metric-query';
import { loadSemanticLayer } from './load-semantic-layer';

/** A metric query's answer: one row per group, metrics as numbers, time groups as 'YYYY-MM-DD'. */
export interface MetricResult<R = Record<string, string | number | boolean | null>> {
  rows: R[];
  columns: MetricColumn[];
  sql: string;
}

export interface QueryMetricsOptions {
  /** The SQL project declaring semantic_models and metrics (default: the project root's `sql/`). */
  projectDir?: string;
}

/**
 * Compiles a metric query for the warehouse's dialect against the project's semantic models and
 * runs it: `queryMetrics(warehouse, { metrics: ['revenue'], groupBy: ['store__store_name'] })`.
 */
export async function queryMetrics<R = Record<string, string | number | boolean | null>>(
  warehouse: Warehouse,
  query: MetricQuery,
  options: QueryMetricsOptions = {},
): Promise<MetricResult<R>> {
  const compiled = await compileProjectMetricQuery(
    query,
    options.projectDir ?? join(projectRoot(), 'sql'),
    warehouse.dialect,
  );
  const result = await warehouse.query(compiled.sql);
  const metrics = compiled.columns.filter((column) => column.kind === 'metric').map((column) => column.name);
  const rows = result.rows.map((row) => {
    const out: Record<string, unknown> = { ...row };
    for (const name of metrics) out[name] = toNumber(row[name]);
    return out as R;
  });
  return { rows, columns: compiled.columns, sql: compiled.sql };
}

/** The SQL of a metric query for the project under `projectDir` (no warehouse needed). */
export async function compileProjectMetricQuery(
  query: MetricQuery,
  projectDir: string,
  dialect: Warehouse['dialect'],
): Promise<CompiledMetricQuery> {
  const [layer, project] = await Promise.all([
    loadSemanticLayer(projectDir),
    loadProject(projectDir, { dialect }),
  ]);
  const relations = new Map(project.models.map((model) => [model.name, model.relation]));
  return compileMetricQuery(layer, query, { dialect, relations });
}

/** pg returns numeric and bigint as text; metrics are measures, so they become numbers. */
function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}
