import { randomUUID } from 'node:crypto';
import { ARTIFACT_SCHEMA_VERSION } from '../artifacts/artifacts';
import { writeArtifact } from '../artifacts/write-artifact';
import type { CompiledProject, ProjectNode } from '../models/compiled-project';
import { nodeChecksum } from './node-checksum';
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
      schema_version: ARTIFACT_SCHEMA_VERSION,
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json',
      generator: 'etl-workbook',
      generated_at: run.finishedAt,
      invocation_id: options.invocationId ?? randomUUID(),
      target: options.target,
    },
    results: run.results.map((result) => ({
      unique_id: result.uniqueId,
      status:
        (result.resourceType === 'test' || result.resourceType === 'unit_test') && result.status === 'success'
          ? 'pass'
          : result.status,
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
  const all: ProjectNode[] = [
    ...project.sources,
    ...(project.seeds ?? []),
    ...project.models,
    ...project.tests,
    ...project.analyses,
  ];
  for (const node of all) childMap[node.uniqueId] = [];
  for (const node of all) {
    if (node.resourceType === 'source') continue;
    for (const parent of node.dependsOn) childMap[parent]?.push(node.uniqueId);
  }
  for (const seed of project.seeds ?? []) {
    nodes[seed.uniqueId] = {
      unique_id: seed.uniqueId,
      checksum: checksumOf(seed),
      resource_type: 'seed',
      name: seed.name,
      original_file_path: seed.file,
      path: seed.path,
      schema: seed.schema,
      relation_name: seed.relation,
      description: seed.description ?? '',
      config: {
        schema: seed.schema,
        tags: seed.tags,
        column_types: Object.fromEntries(seed.columns.map((c) => [c.name, c.type])),
      },
      tags: seed.tags,
      columns: Object.fromEntries(
        seed.columns.map((c) => [
          c.name,
          { name: c.name, description: c.description ?? '', data_type: c.type },
        ]),
      ),
      depends_on: { nodes: [] },
      tests: project.tests.filter((test) => test.attachedTo === seed.uniqueId).map((test) => test.uniqueId),
    };
  }
  for (const model of project.models) {
    nodes[model.uniqueId] = {
      unique_id: model.uniqueId,
      checksum: checksumOf(model),
      resource_type: 'model',
      name: model.name,
      original_file_path: model.file,
      path: model.path,
      layer: model.layer,
      schema: model.schema,
      relation_name: model.relation,
      description: model.description ?? '',
      config: {
        materialized: model.materialized,
        schema: model.schema,
        tags: model.tags,
        ...(model.materialized === 'incremental'
          ? { unique_key: model.uniqueKey ?? null, incremental_strategy: model.incrementalStrategy }
          : {}),
      },
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
      checksum: checksumOf(test),
      resource_type: 'test',
      name: test.name,
      original_file_path: test.file,
      line: test.line,
      test_metadata: test.testName ? { name: test.testName, kwargs: test.kwargs ?? {} } : undefined,
      attached_node: test.attachedTo ?? null,
      column_name: test.columnName ?? null,
      config: {
        severity: test.severity,
        where: test.where ?? null,
        store_failures: test.storeFailures ?? false,
        tags: test.tags,
      },
      tags: test.tags,
      depends_on: { nodes: test.dependsOn },
      raw_code: test.rawSql ?? null,
      compiled_code: test.compiledSql,
    };
  }
  for (const analysis of project.analyses) {
    nodes[analysis.uniqueId] = {
      unique_id: analysis.uniqueId,
      checksum: checksumOf(analysis),
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
        checksum: checksumOf(source),
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
  // Kinds of node written elsewhere (seeds, …) get their checksum too, or state:modified would
  // always select them.
  for (const group of Object.values(project)) {
    for (const node of Array.isArray(group) ? (group as ProjectNode[]) : []) {
      const entry = (nodes[node.uniqueId] ?? sources[node.uniqueId]) as Record<string, unknown> | undefined;
      if (entry && entry.checksum === undefined) entry.checksum = checksumOf(node);
    }
  }
  const parentMap = Object.fromEntries(
    all.map((node) => [node.uniqueId, node.resourceType === 'source' ? [] : node.dependsOn]),
  );
  return {
    metadata: {
      schema_version: ARTIFACT_SCHEMA_VERSION,
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      generator: 'etl-workbook',
      generated_at: new Date().toISOString(),
      invocation_id: options.invocationId ?? randomUUID(),
      project_name: project.name,
      target: options.target,
    },
    nodes,
    sources,
    unit_tests: Object.fromEntries(
      (project.unitTests ?? []).map((test) => [
        test.uniqueId,
        {
          unique_id: test.uniqueId,
          checksum: checksumOf(test),
          resource_type: 'unit_test',
          name: test.name,
          model: test.model.replace(/^model\./, ''),
          original_file_path: test.file,
          line: test.line,
          description: test.description ?? '',
          tags: test.tags,
          depends_on: { nodes: [test.model] },
          expect: { rows: test.expectRows },
          compiled_code: test.compiledSql,
        },
      ]),
    ),
    parent_map: parentMap,
    child_map: childMap,
  };
}

/** dbt's shape: `{ name: 'sha256', checksum }`; what `state:modified` compares (see nodeChecksum). */
function checksumOf(node: ProjectNode): { name: string; checksum: string } {
  return { name: 'sha256', checksum: nodeChecksum(node) };
}

/** Writes target/run_results.json (atomically); returns its path. */
export function writeRunResults(run: RunResult, options: ArtifactOptions): Promise<string> {
  return writeArtifact(options.outDir, 'run_results.json', runResultsJson(run, options));
}

/** Writes target/manifest.json (atomically); returns its path. */
export function writeManifest(project: CompiledProject, options: ArtifactOptions): Promise<string> {
  return writeArtifact(options.outDir, 'manifest.json', manifestJson(project, options));
}
