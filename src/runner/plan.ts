import { Dag } from '../graph/dag';
import { type SelectionOptions, selectNodes } from '../graph/select';
import type { CompiledProject, ModelNode, TestNode } from '../models/compiled-project';
import type { Dialect } from '../warehouse/dialect';
import { buildGraph, selectedDependencies } from './build-graph';
import { materialize } from './materializations';
import type { Plan, PlannedStatement, PlanStep, TestStep } from './plan-types';

export interface PlanOptions extends SelectionOptions {
  /** How many failing rows a test keeps as a sample (default 5). */
  sampleSize?: number;
  /** Which kinds of step to run (default both: dbt build); `['test']` is dbt test. */
  resourceTypes?: readonly ('model' | 'test')[];
}

/**
 * The build plan (pure): the selected models and tests, in dependency order, each with the exact
 * SQL it will run for this dialect. `--dry-run` prints it; execute runs it.
 */
export function planBuild(project: CompiledProject, dialect: Dialect, options: PlanOptions = {}): Plan {
  const graph = buildGraph(project);
  const selection = selectNodes(graph, options);
  const kinds: readonly string[] = options.resourceTypes ?? ['model', 'test'];
  const runnable = new Set([...selection.ids].filter((id) => kinds.includes(graph.get(id).resourceType)));
  // Tests alone (dbt test) are independent: a failing test never skips another.
  const dependencies = kinds.includes('model')
    ? selectedDependencies(graph, runnable)
    : new Map<string, string[]>();
  const sampleSize = options.sampleSize ?? 5;

  const steps = new Map<string, PlanStep>();
  for (const id of runnable) {
    const node = graph.get(id);
    const dependsOn = dependencies.get(id) ?? [];
    if (node.resourceType === 'model') steps.set(id, modelStep(node, dialect, dependsOn));
    if (node.resourceType === 'test') steps.set(id, testStep(node, dependsOn, sampleSize));
  }

  // A model's tests come right after it: among the steps ready at the same time, tests go first.
  const order = new Dag<PlanStep>({
    compare: (a, b) => rank(a.value) - rank(b.value),
  });
  for (const [id, step] of steps) order.addNode(id, step);
  for (const [id, step] of steps) for (const parent of step.dependsOn) order.addEdge(parent, id);

  const schemas = [
    ...new Set(
      [...steps.values()].flatMap((step) =>
        step.resourceType === 'model' ? [schemaOf(project, step.uniqueId)] : [],
      ),
    ),
  ].sort();
  return {
    project: project.name,
    dialect: dialect.name,
    setup: schemas.map((schema) => ({ sql: dialect.createSchema(schema) })),
    steps: order.topologicalOrder().map((id) => order.get(id)),
    warnings: selection.warnings,
  };
}

function rank(step: PlanStep): number {
  return step.resourceType === 'test' ? 0 : 1;
}

function schemaOf(project: CompiledProject, uniqueId: string): string {
  return project.models.find((model) => model.uniqueId === uniqueId)?.schema as string;
}

function modelStep(model: ModelNode, dialect: Dialect, dependsOn: string[]): PlanStep {
  const { statements, recoveries } = materialize(model, dialect);
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
  };
}

function testStep(test: TestNode, dependsOn: string[], sampleSize: number): TestStep {
  const wrap = (prefix: string, suffix: string): PlannedStatement => ({
    sql: `${prefix}${test.compiledSql}${suffix}`,
    body: {
      offset: prefix.length,
      file: test.file,
      line: test.testType === 'singular' ? 1 : test.line,
      preservesLines: test.testType === 'singular' && test.preservesLines,
    },
  });
  return {
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
}
