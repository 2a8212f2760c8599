import { at as itemAt } from '../common/at';
import type { Warehouse } from '../warehouse/warehouse';
import type { Plan, PlanStep } from './plan-types';
import { type FoldRuns, runFoldedTestStep, waitsForFold } from './run-folded-test';
import type { NodeResult, NodeStatus, RunEvent, RunResult } from './run-result';
import { runModelStep, runUnitTestStep, type StepOutcome } from './run-step';
import type { PrepareModel } from './runtime-compile';
import { type RetryPolicy, withSerializationRetry } from './serialization-retry';

export interface ExecuteOptions {
  /** Steps that may run at once, each on its own session (default 4). */
  threads?: number;
  /** Progress for the CLI; an exception thrown here is ignored. */
  onEvent?: (event: RunEvent) => void;
  /** Retries of a step aborted by a serializable-isolation conflict (Redshift ERROR 1023). */
  retry?: RetryPolicy;
  /** Compiles a model again on its session just before it runs (dbt models that query the warehouse). */
  prepareModel?: PrepareModel;
}

const seconds = (from: number, to: number) => Number(((to - from) / 1000).toFixed(3));

/**
 * Runs a plan (dbt's `build`): schemas first, then every step as soon as the steps it depends on
 * succeeded, up to `threads` at a time. Never throws: every step ends with a result, and when a
 * model errors or an error-severity test fails, everything downstream is skipped with the reason.
 */
export async function executePlan(
  warehouse: Warehouse,
  plan: Plan,
  options: ExecuteOptions = {},
): Promise<RunResult> {
  const threads = Math.max(1, Math.floor(options.threads ?? 4));
  const emit = (event: RunEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // Progress reporting must never stop the run.
    }
  };
  const startedAt = new Date();
  const clock = performance.now();
  const total = plan.steps.length;
  const indexOf = new Map(plan.steps.map((step, index) => [step.uniqueId, index]));
  const results = new Map<string, NodeResult>();
  emit({ type: 'run-start', total, threads });

  const finish = (result: NodeResult) => {
    results.set(result.uniqueId, result);
    emit({ type: 'node-finish', result, index: indexOf.get(result.uniqueId) ?? 0, total });
  };

  // Tests a model's guard already ran on the rows it swapped in (or that kept the old table).
  const guardOutcomes = new Map<string, StepOutcome>();
  const foldRuns: FoldRuns = new Map();
  const setupError = await runSetup(warehouse, plan);
  if (setupError) {
    for (const step of plan.steps)
      finish(skipped(step, `skipped: creating the schemas failed: ${setupError}`));
  } else {
    await schedule(
      plan,
      threads,
      (step, threadId) =>
        runStep(warehouse, step, threadId, total, indexOf, emit, {
          guardOutcomes,
          foldRuns,
          retry: options.retry,
          prepareModel: options.prepareModel,
        }),
      finish,
      guardOutcomes,
      (step) => waitsForFold(step, foldRuns),
    );
  }

  const ordered = plan.steps.map((step) => results.get(step.uniqueId) as NodeResult);
  const counts: Record<NodeStatus, number> = { success: 0, error: 0, fail: 0, warn: 0, skipped: 0 };
  for (const result of ordered) counts[result.status]++;
  const run: RunResult = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    elapsedSeconds: seconds(clock, performance.now()),
    threads,
    results: ordered,
    ok: !setupError && counts.error === 0 && counts.fail === 0,
    setupError,
    counts,
  };
  emit({ type: 'run-finish', result: run });
  return run;
}

async function runSetup(warehouse: Warehouse, plan: Plan): Promise<string | undefined> {
  if (plan.setup.length === 0) return undefined;
  try {
    await warehouse.withSession(async (session) => {
      for (const statement of plan.setup) await session.query(statement.sql);
    });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The scheduler: starts ready steps (in plan order) while fewer than `threads` run; when one
 * finishes, its dependants become ready, or are skipped if it errored or failed. A test whose
 * guard failed (its model kept the previous table) reports that failure instead of a skip.
 */
async function schedule(
  plan: Plan,
  threads: number,
  run: (step: PlanStep, threadId: string) => Promise<NodeResult>,
  finish: (result: NodeResult) => void,
  guardOutcomes: Map<string, StepOutcome>,
  waitsOnly: (step: PlanStep) => boolean = () => false,
): Promise<void> {
  const order = new Map(plan.steps.map((step, index) => [step.uniqueId, index]));
  const byId = new Map(plan.steps.map((step) => [step.uniqueId, step]));
  const waiting = new Map(
    plan.steps.map((step) => [step.uniqueId, new Set(step.dependsOn.filter((id) => byId.has(id)))]),
  );
  const dependants = new Map<string, string[]>(plan.steps.map((step) => [step.uniqueId, []]));
  for (const step of plan.steps)
    for (const parent of waiting.get(step.uniqueId) ?? []) dependants.get(parent)?.push(step.uniqueId);
  const done = new Set<string>();
  const ready = plan.steps.filter((step) => waiting.get(step.uniqueId)?.size === 0);
  const freeThreads = Array.from({ length: threads }, (_, i) => `Thread-${threads - i}`);

  const skipDownstream = (cause: NodeResult) => {
    const reason =
      cause.status === 'fail'
        ? `skipped because test ${cause.name} failed (${cause.failures} failing rows)`
        : `skipped because ${cause.resourceType} ${cause.name} had an error`;
    const stack = [...(dependants.get(cause.uniqueId) ?? [])];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (done.has(id)) continue;
      done.add(id);
      const step = byId.get(id) as PlanStep;
      const guarded = step.resourceType === 'test' ? guardOutcomes.get(id) : undefined;
      if (guarded?.status === 'fail') finish({ ...skipped(step, reason), ...guarded });
      else finish({ ...skipped(step, reason), skippedBecause: cause.uniqueId });
      stack.push(...(dependants.get(id) ?? []));
    }
  };

  await new Promise<void>((resolve) => {
    let running = 0;
    let inFlight = 0;
    const launch = () => {
      for (let at = 0; at < ready.length; ) {
        const step = itemAt(ready, at, 'a ready step');
        // A test whose fold's scan already runs only waits for it: it takes no thread.
        const free = waitsOnly(step);
        if (!done.has(step.uniqueId) && !free && running >= threads) {
          at++;
          continue;
        }
        ready.splice(at, 1);
        if (done.has(step.uniqueId)) continue;
        const threadId = free ? 'Thread-fold' : (freeThreads.pop() as string);
        if (!free) running++;
        inFlight++;
        void run(step, threadId).then((result) => {
          inFlight--;
          if (!free) {
            running--;
            freeThreads.push(threadId);
          }
          done.add(step.uniqueId);
          finish(result);
          if (result.status === 'error' || result.status === 'fail') skipDownstream(result);
          for (const child of dependants.get(step.uniqueId) ?? []) {
            const pending = waiting.get(child);
            pending?.delete(step.uniqueId);
            if (pending?.size === 0 && !done.has(child)) ready.push(byId.get(child) as PlanStep);
          }
          ready.sort((a, b) => (order.get(a.uniqueId) ?? 0) - (order.get(b.uniqueId) ?? 0));
          launch();
        });
      }
      if (inFlight === 0 && ready.length === 0) resolve();
    };
    launch();
  });
}

async function runStep(
  warehouse: Warehouse,
  step: PlanStep,
  threadId: string,
  total: number,
  indexOf: Map<string, number>,
  emit: (event: RunEvent) => void,
  shared: {
    guardOutcomes: Map<string, StepOutcome>;
    foldRuns: FoldRuns;
    retry?: RetryPolicy;
    prepareModel?: PrepareModel;
  },
): Promise<NodeResult> {
  const { guardOutcomes, foldRuns } = shared;
  emit({ type: 'node-start', step, index: indexOf.get(step.uniqueId) ?? 0, total, threadId });
  const startedAt = new Date();
  const clock = performance.now();
  let outcome: StepOutcome;
  // The model's guard ran this very query on the rows now in the table (a stored-failures test
  // still runs: it refreshes its failures table).
  const guarded = step.resourceType === 'test' && !step.store ? guardOutcomes.get(step.uniqueId) : undefined;
  try {
    outcome =
      guarded ??
      (await withSerializationRetry(
        () =>
          step.resourceType === 'test'
            ? runFoldedTestStep(warehouse, step, foldRuns)
            : warehouse.withSession(async (session) => {
                if (step.resourceType === 'unit_test') return runUnitTestStep(session, step);
                const prepared =
                  step.resourceType === 'model' && step.compiledAtRunTime && shared.prepareModel
                    ? await shared.prepareModel(step, session)
                    : step;
                if ('error' in prepared) return { status: 'error' as const, message: prepared.error };
                return runModelStep(session, prepared, guardOutcomes);
              }),
        shared.retry,
      ));
  } catch (error) {
    // Only reaching the warehouse can fail here (the step functions never throw).
    const message = error instanceof Error ? error.message : String(error);
    outcome = { status: 'error', message: `could not get a warehouse session: ${message}` };
  }
  return {
    uniqueId: step.uniqueId,
    name: step.name,
    resourceType: step.resourceType,
    file: step.file,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    seconds: seconds(clock, performance.now()),
    threadId,
    ...outcome,
  };
}

function skipped(step: PlanStep, message: string): NodeResult {
  return {
    uniqueId: step.uniqueId,
    name: step.name,
    resourceType: step.resourceType,
    file: step.file,
    status: 'skipped',
    message,
    seconds: 0,
  };
}
