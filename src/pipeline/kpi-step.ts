import { writeJsonArtifact } from '../artifacts/artifacts';
import { computeKpis, type KpiMap, type KpiResults } from '../kpis/compute-kpis';
import { readKpiSpecs } from '../kpis/kpi-spec';
import type { CompiledProject } from '../models/compiled-project';
import { loadProject } from '../models/load-project';
import type { Warehouse } from '../warehouse/warehouse';
import { type DataQualityWarning, readDataQualityWarnings } from './data-quality';
import type { EarlyKpis } from './early-kpis';

export interface KpiStepOptions {
  projectDir: string;
  outDir: string;
  /** An already compiled project (run passes the one it built); compiled here otherwise. */
  project?: CompiledProject;
  /** The run's data-quality warnings (run passes them); read from run_results.json otherwise. */
  warnings?: DataQualityWarning[];
  /** The queries run started during its build (early-kpis.ts); computed here otherwise. */
  early?: EarlyKpis;
}

/**
 * Computes every KPI of sql/analysis/kpis.yml and writes target/kpis.json, with the `warnings` of the
 * build (tests of severity warn that found rows) so a consumer knows the numbers came with caveats.
 */
export async function kpiStep<K extends KpiMap = KpiMap>(
  warehouse: Warehouse,
  options: KpiStepOptions,
): Promise<KpiResults<K>> {
  const results = options.early ? await options.early.results() : await computedKpis(warehouse, options);
  const warnings = options.warnings ?? (await readDataQualityWarnings(options.outDir));
  await writeJsonArtifact(
    options.outDir,
    'kpis.json',
    { ...results, warnings },
    { target: warehouse.target },
  );
  // computeKpis checked every query's columns against kpis.yml, which K is generated from.
  return results as KpiResults<K>;
}

async function computedKpis(warehouse: Warehouse, options: KpiStepOptions): Promise<KpiResults> {
  const project = options.project ?? (await loadProject(options.projectDir, { dialect: warehouse.dialect }));
  return computeKpis(warehouse, project, await readKpiSpecs(options.projectDir));
}
