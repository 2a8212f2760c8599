import { randomUUID } from 'node:crypto';
import type { CompiledProject, ProjectNode } from '../models/compiled-project';
import { writeArtifact } from '../pipeline/write-artifact';
import type { RunResult } from './run-result';

export interface ArtifactOptions {
  /** Where target/ files go. */
  outDir: string;
  /** The command's arguments, recorded as dbt does (`select`, `exclude`, `threads`, …). */
  args?: Record<string, unknown>;
  target?: string;
  invocationId?: string;
}

/**
 * run_results.json, shaped like dbt's: one result per node with its status, timing, message,
 * failures and adapter response. A passing test is `pass`, as dbt writes it; every other status is
 * ours (success, error, fail, warn, skipped).
 */
export function runResultsJson(
  run: RunResult,
  options: Omit<ArtifactOptions, 'outDir'> = {},
): Record<string, unknown> {
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json',
      generator: 'etl-workbook',
      generated_at: run.finishedAt,
      invocation_id: options.invocationId ?? randomUUID(),
      target: options.target,
    },
    results: run.results.map((result) => ({
      unique_id: result.uniqueId,
      status: result.resourceType === 'test' && result.status === 'success' ? 'pass' : result.status,
      timing: result.startedAt
        ? [{ name: 'execute', started_at: result.startedAt, completed_at: result.finishedAt }]
        : [],
      thread_id: result.threadId ?? null,
      execution_time: result.seconds,
      message: result.message,
      failures: result.failures ?? null,
      failing_rows_sample: result.sample ?? null,
      adapter_response: result.adapterResponse
        ? {
            _message: result.adapterResponse.message,
            code: result.adapterResponse.code,
            rows_affected: result.adapterResponse.rowsAffected ?? null,
          }
        : {},
      error: result.error?.toJSON() ?? null,
      skipped_because: result.skippedBecause ?? null,
      file: result.file,
    })),
    elapsed_time: run.elapsedSeconds,
    setup_error: run.setupError ?? null,
    args: { threads: run.threads, ...options.args },
  };
}

/** manifest.json: every node with its compiled SQL, dependencies, config, columns and tests. */
export function manifestJson(
  project: CompiledProject,
  options: Omit<ArtifactOptions, 'outDir'> = {},
): Record<string, unknown> {
  const nodes: Record<string, unknown> = {};
  const childMap: Record<string, string[]> = {};
  const all: ProjectNode[] = [...project.sources, ...project.models, ...project.tests, ...project.analyses];
  for (const node of all) childMap[node.uniqueId] = [];
  for (const node of all) {
    if (node.resourceType === 'source') continue;
    for (const parent of node.dependsOn) childMap[parent]?.push(node.uniqueId);
  }
  for (const model of project.models) {
    nodes[model.uniqueId] = {
      unique_id: model.uniqueId,
      resource_type: 'model',
      name: model.name,
      original_file_path: model.file,
      path: model.path,
      layer: model.layer,
      schema: model.schema,
      relation_name: model.relation,
      description: model.description ?? '',
      config: { materialized: model.materialized, schema: model.schema, tags: model.tags },
      tags: model.tags,
      columns: Object.fromEntries(
        model.columns.map((c) => [c.name, { name: c.name, description: c.description ?? '' }]),
      ),
      depends_on: { nodes: model.dependsOn },
      tests: project.tests.filter((test) => test.attachedTo === model.uniqueId).map((test) => test.uniqueId),
      raw_code: model.rawSql,
      compiled_code: model.compiledSql,
    };
  }
  for (const test of project.tests) {
    nodes[test.uniqueId] = {
      unique_id: test.uniqueId,
      resource_type: 'test',
      name: test.name,
      original_file_path: test.file,
      line: test.line,
      test_metadata: test.testName ? { name: test.testName, kwargs: test.kwargs ?? {} } : undefined,
      attached_node: test.attachedTo ?? null,
      column_name: test.columnName ?? null,
      config: { severity: test.severity, where: test.where ?? null, tags: test.tags },
      tags: test.tags,
      depends_on: { nodes: test.dependsOn },
      raw_code: test.rawSql ?? null,
      compiled_code: test.compiledSql,
    };
  }
  for (const analysis of project.analyses) {
    nodes[analysis.uniqueId] = {
      unique_id: analysis.uniqueId,
      resource_type: 'analysis',
      name: analysis.name,
      original_file_path: analysis.file,
      depends_on: { nodes: analysis.dependsOn },
      raw_code: analysis.rawSql,
      compiled_code: analysis.compiledSql,
    };
  }
  const sources = Object.fromEntries(
    project.sources.map((source) => [
      source.uniqueId,
      {
        unique_id: source.uniqueId,
        resource_type: 'source',
        source_name: source.sourceName,
        name: source.name,
        schema: source.schema,
        identifier: source.identifier,
        relation_name: source.relation,
        original_file_path: source.file,
        description: source.description ?? '',
        columns: Object.fromEntries(
          source.columns.map((c) => [c.name, { name: c.name, description: c.description ?? '' }]),
        ),
      },
    ]),
  );
  const parentMap = Object.fromEntries(
    all.map((node) => [node.uniqueId, node.resourceType === 'source' ? [] : node.dependsOn]),
  );
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      generator: 'etl-workbook',
      generated_at: new Date().toISOString(),
      invocation_id: options.invocationId ?? randomUUID(),
      project_name: project.name,
      target: options.target,
    },
    nodes,
    sources,
    parent_map: parentMap,
    child_map: childMap,
  };
}

/** Writes target/run_results.json (atomically); returns its path. */
export function writeRunResults(run: RunResult, options: ArtifactOptions): Promise<string> {
  return writeArtifact(options.outDir, 'run_results.json', runResultsJson(run, options));
}

/** Writes target/manifest.json (atomically); returns its path. */
export function writeManifest(project: CompiledProject, options: ArtifactOptions): Promise<string> {
  return writeArtifact(options.outDir, 'manifest.json', manifestJson(project, options));
}
