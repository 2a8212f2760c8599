import type { CompiledProject } from '../models/compiled-project';
import type { NodeStatus, RunResult } from '../runner/run-result';

/** One row per model and test of a run: what a notebook shows after a build. */
export function runResultRows(run: RunResult) {
  return run.results.map((result) => ({
    kind: result.resourceType,
    name: result.name,
    status: result.status,
    seconds: result.seconds,
    rows: result.rowsAffected ?? null,
    failures: result.failures ?? null,
  }));
}

/** How many models and tests ended in each status. */
export function runStatusCounts(run: RunResult) {
  const statuses: NodeStatus[] = ['success', 'warn', 'fail', 'error', 'skipped'];
  return (['model', 'test'] as const).map((kind) => {
    const results = run.results.filter((result) => result.resourceType === kind);
    return {
      kind,
      total: results.length,
      ...Object.fromEntries(
        statuses.map((status) => [status, results.filter((r) => r.status === status).length]),
      ),
    };
  });
}

/** The failing rows each failed or warned test kept as a sample, one row per failing row. */
export function testFailureRows(run: RunResult) {
  return run.results
    .filter((result) => (result.status === 'fail' || result.status === 'warn') && result.sample)
    .flatMap((result) =>
      (result.sample ?? []).map((row) => ({
        test: result.name,
        failures: result.failures ?? 0,
        row: JSON.stringify(row),
      })),
    );
}

/**
 * The data-quality warnings of a run: each test of severity warn that found rows, with its count
 * and its first row (the build went on; the KPIs come with these caveats).
 * The same selection as pipeline/data-quality.ts `dataQualityWarnings`, shaped as a notebook table
 * (the sample as JSON text, no file); kept apart because workbook/ and pipeline/ share a layer and
 * do not import each other.
 */
export function dataQualityRows(run: RunResult) {
  return run.results
    .filter((result) => result.resourceType === 'test' && result.status === 'warn')
    .map((result) => ({
      test: result.name,
      severity: 'warn',
      failures: result.failures ?? 0,
      sample: JSON.stringify(result.sample?.[0] ?? null),
    }));
}

/** The models' documentation: layer, materialization, description and documented columns. */
export function modelDocRows(project: CompiledProject) {
  return project.models.map((model) => ({
    model: model.name,
    layer: model.layer,
    materialized: model.materialized,
    relation: model.relation,
    description: model.description ?? '',
    columns: model.columns.map((column) => column.name).join(', '),
  }));
}

/** The data tests by model: how many of each kind guard it. */
export function testCoverageRows(project: CompiledProject) {
  const byModel = new Map<string, Map<string, number>>();
  for (const test of project.tests) {
    const kind = test.testName ?? 'singular';
    for (const parent of test.dependsOn) {
      const name = parent.split('.').pop() ?? parent;
      const kinds = byModel.get(name) ?? new Map<string, number>();
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      byModel.set(name, kinds);
    }
  }
  return [...byModel].map(([model, kinds]) => ({
    model,
    tests: [...kinds.values()].reduce((a, b) => a + b, 0),
    kinds: [...kinds].map(([kind, count]) => `${kind} ×${count}`).join(', '),
  }));
}
