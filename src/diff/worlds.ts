import { join } from 'node:path';
import { computeKpis, type KpiResults } from '../kpis/compute-kpis';
import { readKpiSpecs } from '../kpis/kpi-spec';
import type { CompiledProject } from '../models/compiled-project';
import { loadProject } from '../models/load-project';
import { executePlan } from '../runner/execute';
import { planBuild } from '../runner/plan';
import type { Warehouse } from '../warehouse/warehouse';

/** One of the four (code, data) combinations of an attribution, and where its tables are. */
export interface World {
  /** The SQL project folder: the current sql/ or the base's copy. */
  projectDir: string;
  /** The schema the raw tables are read from (the project's source schema renamed). */
  dataSchema?: string;
  /** Every schema the project builds into (staging, marts, seeds…) renamed to this one. */
  buildSchema?: string;
}

/** Compiles a world's project with its sources and models moved to the world's schemas. */
export async function compileWorld(warehouse: Warehouse, world: World): Promise<CompiledProject> {
  const plain = await loadProject(world.projectDir, { dialect: warehouse.dialect });
  if (!world.dataSchema && !world.buildSchema) return plain;
  const sourceSchemas = new Set(plain.sources.map((source) => source.schema));
  return loadProject(world.projectDir, {
    dialect: warehouse.dialect,
    schemaName: (schema) =>
      sourceSchemas.has(schema) ? (world.dataSchema ?? schema) : (world.buildSchema ?? schema),
  });
}

/**
 * Builds the world's seeds and models (no tests: the base and current runs were tested) into its
 * build schema and returns the KPIs its own analyses compute there. Throws on the first failure.
 */
export async function buildWorldKpis(warehouse: Warehouse, world: World, threads = 4): Promise<KpiResults> {
  const project = await compileWorld(warehouse, world);
  const plan = planBuild(project, warehouse.dialect, { resourceTypes: ['seed', 'model'] });
  const run = await executePlan(warehouse, plan, { threads });
  const failed = run.results.find((result) => result.status !== 'success');
  if (failed) {
    throw new Error(
      `Building ${failed.name} of ${join(world.projectDir)} into the scratch schema ${world.buildSchema} failed: ` +
        `${failed.message || failed.status}. The attribution needs every model of both codes to build on both data sets.`,
    );
  }
  return worldKpis(warehouse, world, project);
}

/** The KPIs of a world whose marts already exist (the current build, or the kept base). */
export async function worldKpis(
  warehouse: Warehouse,
  world: World,
  project?: CompiledProject,
): Promise<KpiResults> {
  const compiled = project ?? (await compileWorld(warehouse, world));
  return computeKpis(warehouse, compiled, await readKpiSpecs(world.projectDir));
}
