import type { CompiledProject } from '../models/compiled-project';
import { loadProject } from '../models/load-project';
import { executePlan } from '../runner/execute';
import { planBuild } from '../runner/plan';
import type { Plan } from '../runner/plan-types';
import type { RunEvent, RunResult } from '../runner/run-result';
import { writeManifest, writeRunResults } from '../runner/run-results';
import type { Warehouse } from '../warehouse/warehouse';

export interface BuildStepOptions {
  /** The SQL project folder (sql/). */
  projectDir: string;
  outDir: string;
  select?: string[];
  exclude?: string[];
  threads?: number;
  /** `['test']` runs the data tests only (dbt test); the default builds models and tests them. */
  resourceTypes?: readonly ('model' | 'test')[];
  onEvent?: (event: RunEvent) => void;
}

export interface BuildStepResult {
  project: CompiledProject;
  plan: Plan;
  run: RunResult;
}

/** Compiles the project, builds and tests what is selected, writes run_results.json and manifest.json. */
export async function buildStep(warehouse: Warehouse, options: BuildStepOptions): Promise<BuildStepResult> {
  const project = await loadProject(options.projectDir, { dialect: warehouse.dialect });
  const plan = planBuild(project, warehouse.dialect, {
    select: options.select,
    exclude: options.exclude,
    resourceTypes: options.resourceTypes,
  });
  const run = await executePlan(warehouse, plan, { threads: options.threads, onEvent: options.onEvent });
  const artifacts = {
    outDir: options.outDir,
    target: warehouse.target,
    args: { select: options.select, exclude: options.exclude, threads: run.threads },
  };
  await writeRunResults(run, artifacts);
  await writeManifest(project, artifacts);
  return { project, plan, run };
}
