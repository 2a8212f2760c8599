import type { CompiledProject } from '../models/compiled-project';
import { loadProject } from '../models/load-project';
import { executePlan } from '../runner/execute';
import { planBuild } from '../runner/plan';
import type { Plan, StepKind } from '../runner/plan-types';
import type { RunEvent, RunResult } from '../runner/run-result';
import { writeManifest, writeRunResults } from '../runner/run-results';
import { runtimeCompilation } from '../runner/runtime-compile';
import { readSavedState, selectionState } from '../runner/saved-state';
import type { WarnErrorOptions } from '../runner/warn-error';
import type { Warehouse } from '../warehouse/warehouse';
import { type SnapshotStepResult, snapshotStep } from './snapshot-step';

export interface BuildStepOptions {
  /** The SQL project folder (sql/). */
  projectDir: string;
  outDir: string;
  select?: string[];
  exclude?: string[];
  threads?: number;
  /** Folder of a saved manifest.json that `state:modified` compares with (`--state`). */
  stateDir?: string;
  /**
   * `['test', 'unit_test']` runs the tests only (dbt test), `['seed']` loads the seeds (dbt seed);
   * the default loads seeds, builds models and tests them.
   */
  resourceTypes?: readonly StepKind[];
  /** Rebuild incremental models whole (dbt's --full-refresh). */
  fullRefresh?: boolean;
  /** The snapshots' time (default now); see snapshotStep. */
  snapshotAt?: Date;
  /** Warnings that become errors (dbt's --warn-error, --warn-error-options). */
  warnError?: WarnErrorOptions;
  onEvent?: (event: RunEvent) => void;
  /** The project already compiled (or being compiled) by the caller; by default compiled here. */
  project?: Promise<CompiledProject>;
}

export interface BuildStepResult {
  project: CompiledProject;
  plan: Plan;
  run: RunResult;
  /** The snapshots taken before the models (none when only tests or seeds run). */
  snapshots: SnapshotStepResult;
}

/** Compiles the project, builds and tests what is selected, writes run_results.json and manifest.json. */
export async function buildStep(warehouse: Warehouse, options: BuildStepOptions): Promise<BuildStepResult> {
  const project = await (options.project ?? loadProject(options.projectDir, { dialect: warehouse.dialect }));
  const planOptions = {
    select: options.select,
    exclude: options.exclude,
    resourceTypes: options.resourceTypes,
    fullRefresh: options.fullRefresh,
    warnError: options.warnError,
    state: options.stateDir
      ? selectionState(project, await readSavedState(options.stateDir), options.stateDir)
      : undefined,
  };
  const plan = planBuild(project, warehouse.dialect, planOptions);
  // Snapshots first: the models read them. A failed one keeps its previous versions (atomic), so
  // the models still build, on that history; the failure is reported and fails the command.
  const takesModels = !options.resourceTypes || options.resourceTypes.includes('model');
  const snapshots = takesModels
    ? await snapshotStep(warehouse, {
        projectDir: options.projectDir,
        outDir: options.outDir,
        at: options.snapshotAt,
        project,
      })
    : { results: [], ok: true };
  const run = await executePlan(warehouse, plan, {
    threads: options.threads,
    onEvent: options.onEvent,
    prepareModel: runtimeCompilation(project, warehouse.dialect, planOptions),
  });
  const artifacts = {
    outDir: options.outDir,
    target: warehouse.target,
    args: {
      select: options.select,
      exclude: options.exclude,
      threads: run.threads,
      ...(options.fullRefresh ? { full_refresh: true } : {}),
      ...(options.warnError ? { warn_error_options: options.warnError } : {}),
    },
  };
  await writeRunResults(run, artifacts);
  await writeManifest(project, artifacts);
  return { project, plan, run, snapshots };
}
