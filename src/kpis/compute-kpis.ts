import type { AnalysisNode, CompiledProject } from '../models/compiled-project';
import type { Warehouse } from '../warehouse/warehouse';
import { WarehouseError } from '../warehouse/warehouse-error';
import type { KpiSpec } from './kpi-spec';
import { convertKpiRows, type KpiRow } from './kpi-values';

/** kpis.json's `kpis`: a `rows` KPI is a list of rows, a `one` KPI a single object. */
export type KpiMap = Record<string, KpiRow[] | KpiRow | null>;

/**
 * target/kpis.json. `K` is the map's type: `Kpis` of `etl-workbook types` (generated from the
 * kpis.yml that convertKpiRows checks every query's columns against) names each KPI's row type.
 */
export interface KpiResults<K extends KpiMap = KpiMap> {
  kpis: K;
}

/**
 * Runs each declared KPI's compiled query (sql/analysis/<name>.sql) against the marts.
 * Every KPI must have its query and every query its declaration: a mismatch is an error.
 */
export async function computeKpis(
  warehouse: Warehouse,
  project: CompiledProject,
  specs: KpiSpec[],
  onKpi?: (name: string, seconds: number) => void,
): Promise<KpiResults> {
  const queries = kpiQueries(project, specs);
  const results = await Promise.all(queries.map((query) => runKpiQuery(warehouse, query, onKpi)));
  return { kpis: Object.fromEntries(results) };
}

/** A declared KPI with the analysis node that computes it. */
export interface KpiQuery {
  spec: KpiSpec;
  node: AnalysisNode;
}

/** Pairs every KPI of kpis.yml with its query; a KPI without query or a query without KPI is an error. */
export function kpiQueries(project: CompiledProject, specs: readonly KpiSpec[]): KpiQuery[] {
  const analyses = new Map(project.analyses.map((node) => [node.name, node]));
  const undeclared = [...analyses.keys()].filter((name) => !specs.some((spec) => spec.name === name));
  if (undeclared.length > 0) {
    throw new Error(
      `sql/analysis has queries with no entry in kpis.yml: ${undeclared.join(', ')}. Declare their shape and columns there.`,
    );
  }
  return specs.map((spec) => {
    const node = analyses.get(spec.name);
    if (!node) {
      throw new Error(`kpis.yml declares ${spec.name} but sql/analysis/${spec.name}.sql does not exist.`);
    }
    return { spec, node };
  });
}

/** One KPI's query, its rows checked against and converted to the declared columns. */
export async function runKpiQuery(
  warehouse: Warehouse,
  { spec, node }: KpiQuery,
  onKpi?: (name: string, seconds: number) => void,
): Promise<readonly [string, KpiRow[] | KpiRow | null]> {
  const started = performance.now();
  const statement = {
    sql: node.compiledSql,
    body: {
      offset: 0,
      file: node.file,
      line: 1,
      preservesLines: sameLineCount(node.rawSql, node.compiledSql),
    },
  };
  const result = await warehouse.query(node.compiledSql).catch((error: unknown) => {
    throw new WarehouseError(spec.name, error, statement, 'kpis.json is not written');
  });
  onKpi?.(spec.name, (performance.now() - started) / 1000);
  const rows = convertKpiRows(
    spec,
    result.fields.map((field) => field.name),
    result.rows,
  );
  return [spec.name, spec.shape === 'one' ? (rows[0] ?? null) : rows] as const;
}

const sameLineCount = (a: string, b: string) => a.split('\n').length === b.split('\n').length;
