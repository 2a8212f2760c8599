import { Dag } from '../graph/dag';
import { type SelectionOptions, selectNodes } from '../graph/select';
import {
  type CompiledProject,
  type ModelNode,
  modelIdentifier,
  type ProjectNode,
  type SeedNode,
  type TestNode,
  type UnitTestNode,
} from '../models/compiled-project';
import type { Dialect } from '../warehouse/dialect';
import { buildGraph, selectedDependencies } from './build-graph';
import { fitIdentifier } from './fit-identifier';
import { foldTestSteps } from './fold-tests';
import { guardingTests, guardStatements } from './guards';
import { type Guards, materialize } from './materializations';
import type { Plan, PlannedStatement, PlanStep, StepKind, TestStep } from './plan-types';
import { seedStatements } from './seed-sql';
import { type WarnErrorOptions, warnErrorPromoter } from './warn-error';

export interface PlanOptions extends SelectionOptions {
  /** How many failing rows a test keeps as a sample (default 5). */
  sampleSize?: number;
  /**
   * Which kinds of step to run (default all: dbt build); `['test', 'unit_test']` is dbt test,
   * `['seed']` dbt seed.
   */
  resourceTypes?: readonly StepKind[];
  /** Rebuild incremental models whole (dbt's --full-refresh). */
  fullRefresh?: boolean;
  /** Warnings that become errors (dbt's --warn-error, --warn-error-options). */
  warnError?: WarnErrorOptions;
}

const ALL_KINDS: readonly StepKind[] = ['seed', 'model', 'test', 'unit_test'];

/**
 * The build plan (pure): the selected seeds, models, tests and unit tests, in dependency order,
 * each with the exact SQL it will run for this dialect. `--dry-run` prints it; execute runs it.
 * Ephemeral models have no step: they are inlined into what reads them.
 */
export function planBuild(project: CompiledProject, dialect: Dialect, options: PlanOptions = {}): Plan {
  const graph = buildGraph(project);
  const selection = selectNodes(graph, options);
  const kinds: readonly string[] = options.resourceTypes ?? ALL_KINDS;
  const runnable = new Set(
    [...selection.ids].filter((id) => {
      const node = graph.get(id);
      return (
        kinds.includes(node.resourceType) &&
        !(node.resourceType === 'model' && node.materialized === 'ephemeral')
      );
    }),
  );
  // Tests alone (dbt test) are independent: a failing test never skips another.
  const dependencies =
    kinds.includes('model') || kinds.includes('seed')
      ? selectedDependencies(graph, runnable)
      : new Map<string, string[]>();
  const sampleSize = options.sampleSize ?? 5;
  const warnError = warnErrorPromoter(options.warnError, project.tests);

  const guardsOf = modelGuards(project, graph, runnable, dialect, sampleSize, warnError);

  const steps = new Map<string, PlanStep>();
  for (const id of runnable) {
    const node = graph.get(id);
    const dependsOn = dependencies.get(id) ?? [];
    if (node.resourceType === 'model')
      steps.set(id, modelStep(node, dialect, dependsOn, options.fullRefresh, guardsOf(node)));
    if (node.resourceType === 'seed') steps.set(id, seedStep(node, dialect, dependsOn));
    if (node.resourceType === 'test') {
      const test = warnError.promote(node);
      steps.set(id, testStep(test, dependsOn, sampleSize, project.storeFailuresSchema, dialect));
    }
    if (node.resourceType === 'unit_test') steps.set(id, unitTestStep(node, dependsOn));
  }

  // Row-at-a-time tests of one relation share one scan (fold-tests.ts).
  const folded = foldTestSteps(steps, (id) => {
    const node = graph.get(id);
    return node.resourceType === 'test' ? node : undefined;
  });

  return {
    project: project.name,
    dialect: dialect.name,
    setup: setupSchemas(project, folded).map((schema) => ({ sql: dialect.createSchema(schema) })),
    steps: dependencyOrder(folded),
    warnings: [
      ...selection.warnings,
      ...warnError.unknownNames.map(
        (name) => `--warn-error-options names "${name}", which is no test of the project.`,
      ),
    ],
  };
}

/**
 * For each table model, its guards: the planned tests that can check its new rows before the swap
 * (guards.ts). Tests are indexed by the model they are attached to: scanning every test for every
 * model was quadratic.
 */
function modelGuards(
  project: CompiledProject,
  graph: Dag<ProjectNode>,
  runnable: ReadonlySet<string>,
  dialect: Dialect,
  sampleSize: number,
  warnError: ReturnType<typeof warnErrorPromoter>,
): (model: ModelNode) => Guards {
  const plannedTests = new Map<string, TestNode[]>();
  for (const id of runnable) {
    const found = graph.get(id);
    if (found.resourceType !== 'test' || !found.attachedTo) continue;
    const node = warnError.promote(found);
    const list = plannedTests.get(found.attachedTo);
    if (list) list.push(node);
    else plannedTests.set(found.attachedTo, [node]);
  }
  return (model) => {
    const relation = dialect.relation(model.schema, modelIdentifier(model));
    let ancestors: Set<string> | undefined;
    const attached = plannedTests.get(model.uniqueId) ?? [];
    const tests = guardingTests(attached, model.uniqueId, relation, (id) => {
      ancestors ??= graph.ancestors(model.uniqueId);
      return ancestors.has(id);
    });
    return (newRelation: string) =>
      guardStatements(tests, relation, newRelation, sampleSize, (test) =>
        test.storeFailures ? failuresRelation(project.storeFailuresSchema, test, dialect) : undefined,
      );
  };
}

/** The steps in dependency order; a model's tests come right after it (among ready steps, tests first). */
function dependencyOrder(steps: ReadonlyMap<string, PlanStep>): PlanStep[] {
  const order = new Dag<PlanStep>({
    compare: (a, b) => rank(a.value) - rank(b.value),
  });
  for (const [id, step] of steps) order.addNode(id, step);
  for (const [id, step] of steps) for (const parent of step.dependsOn) order.addEdge(parent, id);
  return order.topologicalOrder().map((id) => order.get(id));
}

/** The schemas the steps write to (models, seeds, stored test failures), sorted. */
function setupSchemas(project: CompiledProject, steps: ReadonlyMap<string, PlanStep>): string[] {
  const schemas = new Set<string>();
  for (const step of steps.values()) {
    if (step.resourceType === 'model' || step.resourceType === 'seed')
      schemas.add(schemaOf(project, step.uniqueId));
    if (step.resourceType === 'test' && step.store) schemas.add(project.storeFailuresSchema);
  }
  return [...schemas].sort();
}

function rank(step: PlanStep): number {
  return step.resourceType === 'test' || step.resourceType === 'unit_test' ? 0 : 1;
}

/** A model's or seed's schema; the index is built once per project (a scan per step was quadratic). */
function schemaOf(project: CompiledProject, uniqueId: string): string {
  let index = schemaIndex.get(project);
  if (!index) {
    index = new Map(
      [...project.models, ...(project.seeds ?? [])].map((node) => [node.uniqueId, node.schema]),
    );
    schemaIndex.set(project, index);
  }
  return index.get(uniqueId) as string;
}

const schemaIndex = new WeakMap<CompiledProject, Map<string, string>>();

function modelStep(
  model: ModelNode,
  dialect: Dialect,
  dependsOn: string[],
  fullRefresh: boolean | undefined,
  guards: Guards,
): PlanStep {
  const { statements, recoveries } = materialize(model, dialect, { fullRefresh, guards });
  return {
    resourceType: 'model',
    uniqueId: model.uniqueId,
    name: model.name,
    file: model.file,
    dependsOn,
    materialized: model.materialized,
    relation: model.relation,
    statements,
    recoveries,
    ...(model.compiledAtRunTime ? { compiledAtRunTime: true } : {}),
  };
}

function seedStep(seed: SeedNode, dialect: Dialect, dependsOn: string[]): PlanStep {
  return {
    resourceType: 'seed',
    uniqueId: seed.uniqueId,
    name: seed.name,
    file: seed.file,
    dependsOn,
    relation: seed.relation,
    ...seedStatements(seed, dialect),
    csv: seed.csv,
  };
}

function testStep(
  test: TestNode,
  dependsOn: string[],
  sampleSize: number,
  failuresSchema: string,
  dialect: Dialect,
): TestStep {
  const wrap = (prefix: string, suffix: string): PlannedStatement => ({
    sql: `${prefix}${test.compiledSql}${suffix}`,
    body: {
      offset: prefix.length + (test.bodyOffset ?? 0),
      file: test.file,
      line: test.testType === 'singular' ? 1 : test.line,
      preservesLines: test.testType === 'singular' && test.preservesLines,
    },
  });
  const step: TestStep = {
    resourceType: 'test',
    uniqueId: test.uniqueId,
    name: test.name,
    file: test.file,
    line: test.line,
    dependsOn,
    severity: test.severity,
    attachedTo: test.attachedTo,
    // The newline before ")" keeps a trailing "-- comment" in the test from swallowing it.
    count: wrap('select count(*) as failures from (\n', '\n) as dbt_internal_test'),
    sample: wrap('select * from (\n', `\n) as dbt_internal_test limit ${sampleSize}`),
  };
  if (!test.storeFailures) return step;
  // dbt's store_failures: the failing rows land in a table named after the test, replaced each run.
  const failures = failuresRelation(failuresSchema, test, dialect);
  return {
    ...step,
    store: [
      { sql: `drop table if exists ${failures}` },
      wrap(`create table ${failures} as\nselect * from (\n`, '\n) as dbt_internal_test'),
    ],
    failuresRelation: failures,
    count: { sql: `select count(*) as failures from ${failures}` },
    sample: { sql: `select * from ${failures} limit ${sampleSize}` },
  };
}

function failuresRelation(failuresSchema: string, test: TestNode, dialect: Dialect): string {
  return dialect.relation(failuresSchema, fitIdentifier(test.name, dialect.maxIdentifierLength));
}

function unitTestStep(test: UnitTestNode, dependsOn: string[]): PlanStep {
  return {
    resourceType: 'unit_test',
    uniqueId: test.uniqueId,
    name: test.name,
    file: test.file,
    line: test.line,
    model: test.model,
    dependsOn,
    query: {
      sql: test.compiledSql,
      body: { offset: 0, file: test.file, line: test.line, preservesLines: false },
    },
    expectRows: test.expectRows,
    expectColumns: test.expectColumns,
  };
}
