import { writeArtifact } from '../artifacts/write-artifact';
import { computeKpis, type KpiResults } from '../kpis/compute-kpis';
import { readKpiSpecs } from '../kpis/kpi-spec';
import type { CompiledProject } from '../models/compiled-project';
import { loadProject } from '../models/load-project';
import type { Warehouse } from '../warehouse/warehouse';

export interface KpiStepOptions {
  projectDir: string;
  outDir: string;
  /** An already compiled project (run passes the one it built); compiled here otherwise. */
  project?: CompiledProject;
}

/** Computes every KPI of sql/analysis/kpis.yml and writes target/kpis.json. */
export async function kpiStep(warehouse: Warehouse, options: KpiStepOptions): Promise<KpiResults> {
  const project = options.project ?? (await loadProject(options.projectDir, { dialect: warehouse.dialect }));
  const specs = await readKpiSpecs(options.projectDir);
  const results = await computeKpis(warehouse, project, specs);
  await writeArtifact(options.outDir, 'kpis.json', {
    metadata: { generated_at: new Date().toISOString(), target: warehouse.target },
    ...results,
  });
  return results;
}
