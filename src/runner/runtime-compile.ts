import type { CompiledProject } from '../models/compiled-project';
import { type RuntimeSession, runtimeCompiler } from '../models/dbt-runtime';
import type { Dialect } from '../warehouse/dialect';
import type { Session } from '../warehouse/warehouse';
import { type PlanOptions, planBuild } from './plan';
import type { ModelStep } from './plan-types';

export type PrepareModel = (step: ModelStep, session: Session) => Promise<ModelStep | { error: string }>;

/** A model asking new queries after this many renders is looping on its own answers. */
const MAX_ROUNDS = 20;

/**
 * dbt compiles a node just before running it, when its parents are built: run_query,
 * statement and adapter.get_columns_in_relation see the warehouse as it is then. This does the same
 * for the models compile marked `compiledAtRunTime`: render, run the queries the render asked for
 * on the step's session, render again with their answers, until it asks nothing new; then plan
 * the model's step again from the new SQL (with the same options, so its guards are the same).
 * Undefined when no model of the project needs it.
 */
export function runtimeCompilation(
  project: CompiledProject,
  dialect: Dialect,
  options: PlanOptions = {},
): PrepareModel | undefined {
  const compile = runtimeCompiler(project);
  if (!compile) return undefined;
  return async (step, session) => {
    const runtime: RuntimeSession = { answers: new Map(), misses: [], statements: new Map() };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      runtime.misses = [];
      runtime.statements = new Map();
      const { problems, model } = compile(step.uniqueId, runtime);
      if (runtime.misses.length === 0) {
        if (problems.length > 0 || !model) {
          const listed = problems.map((p) => `${p.file}:${p.line ?? 1}: ${p.problem} (${p.fix})`);
          return { error: `compiling the model at run time failed:\n  ${listed.join('\n  ')}` };
        }
        const changed = {
          ...project,
          models: project.models.map((node) =>
            node.uniqueId === step.uniqueId ? { ...node, ...model } : node,
          ),
        };
        const planned = planBuild(changed, dialect, options).steps.find((s) => s.uniqueId === step.uniqueId);
        return planned?.resourceType === 'model' ? planned : step;
      }
      for (const sql of runtime.misses) {
        try {
          const result = await session.query(sql);
          runtime.answers.set(sql, { fields: result.fields.map((field) => field.name), rows: result.rows });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return {
            error: `a query the model runs while it is compiled (run_query, statement, introspection) failed: ${message}\n  query: ${sql}\n  Correct the query in ${step.file} or the macro it calls.`,
          };
        }
      }
    }
    return {
      error: `${step.file}: the model still asked new queries after ${MAX_ROUNDS} renders (each answer changes the next query): make its run_query calls depend on fewer results`,
    };
  };
}
