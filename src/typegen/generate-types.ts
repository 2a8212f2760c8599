import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readKpiSpecs } from '../kpis/kpi-spec';
import { loadSemanticLayer } from '../metrics/load-semantic-layer';
import { loadProject } from '../models/load-project';
import { readCatalog } from '../warehouse/introspector';
import type { Warehouse } from '../warehouse/warehouse';
import { type ProjectTypes, projectTypes } from './project-types';
import { renderTypes } from './render-types';

export interface GenerateTypesOptions {
  /** The SQL project folder (sql/). */
  projectDir: string;
  /** Where to write `types/warehouse.d.ts` (target/). */
  outDir: string;
  /** A warehouse whose catalog types the marts it holds; without it the YAML's data_type is used. */
  warehouse?: Warehouse;
}

export interface GenerateTypesResult {
  file: string;
  types: ProjectTypes;
}

/**
 * Writes `<outDir>/types/warehouse.d.ts`: the marts' row types, each KPI's row type and the typed
 * metric query. Notebooks import it (`import type { Kpis } from '../target/types/warehouse'`), so a
 * renamed column fails the type check of the cell that uses it.
 *
 * @example
 * ```ts
 * const { file } = await generateTypes({ projectDir: 'sql', outDir: 'target', warehouse });
 * ```
 */
export async function generateTypes(options: GenerateTypesOptions): Promise<GenerateTypesResult> {
  const { warehouse } = options;
  const project = await loadProject(options.projectDir, warehouse ? { dialect: warehouse.dialect } : {});
  const [kpis, layer] = await Promise.all([
    declaredKpis(options.projectDir),
    loadSemanticLayer(options.projectDir),
  ]);
  const marts = project.models.filter((model) => model.layer === 'marts');
  const catalog = warehouse
    ? await readCatalog(warehouse, [...new Set(marts.map((m) => m.schema))])
    : undefined;
  const types = projectTypes(project, kpis, layer, catalog);
  const dir = join(options.outDir, 'types');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'warehouse.d.ts');
  await writeFile(file, renderTypes(types));
  return { file, types };
}

/** The KPIs of analysis/kpis.yml; a project without that file (a dbt project) declares none. */
async function declaredKpis(projectDir: string) {
  const declared = await access(join(projectDir, 'analysis', 'kpis.yml')).then(
    () => true,
    () => false,
  );
  return declared ? readKpiSpecs(projectDir) : [];
}
