import { randomUUID } from 'node:crypto';
import { ARTIFACT_SCHEMA_VERSION } from '../artifacts/artifacts';
import { writeArtifact } from '../artifacts/write-artifact';
import type { CompiledProject, ProjectNode } from '../models/compiled-project';
import {
  analysisEntry,
  checksumOf,
  dependencyMaps,
  type ManifestEntry,
  modelEntry,
  seedEntry,
  sourceEntry,
  testEntry,
  unitTestEntry,
} from './manifest-entries';
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
  const all: ProjectNode[] = [
    ...project.sources,
    ...(project.seeds ?? []),
    ...project.models,
    ...project.tests,
    ...project.analyses,
  ];
  const nodes: Record<string, ManifestEntry> = Object.fromEntries([
    ...(project.seeds ?? []).map((seed) => [seed.uniqueId, seedEntry(seed, project)]),
    ...project.models.map((model) => [model.uniqueId, modelEntry(model, project)]),
    ...project.tests.map((test) => [test.uniqueId, testEntry(test)]),
    ...project.analyses.map((analysis) => [analysis.uniqueId, analysisEntry(analysis)]),
  ]);
  const sources = Object.fromEntries(project.sources.map((source) => [source.uniqueId, sourceEntry(source)]));
  fillMissingChecksums(project, nodes, sources);
  const { parentMap, childMap } = dependencyMaps(all);
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
      (project.unitTests ?? []).map((test) => [test.uniqueId, unitTestEntry(test)]),
    ),
    parent_map: parentMap,
    child_map: childMap,
  };
}

/**
 * Kinds of node written elsewhere (seeds, …) get their checksum too, or state:modified would
 * always select them.
 */
function fillMissingChecksums(
  project: CompiledProject,
  nodes: Record<string, ManifestEntry>,
  sources: Record<string, ManifestEntry>,
): void {
  for (const group of Object.values(project)) {
    for (const node of Array.isArray(group) ? (group as ProjectNode[]) : []) {
      const entry = nodes[node.uniqueId] ?? sources[node.uniqueId];
      if (entry && entry.checksum === undefined) entry.checksum = checksumOf(node);
    }
  }
}

/** Writes target/run_results.json (atomically); returns its path. */
export function writeRunResults(run: RunResult, options: ArtifactOptions): Promise<string> {
  return writeArtifact(options.outDir, 'run_results.json', runResultsJson(run, options));
}

/** Writes target/manifest.json (atomically); returns its path. */
export function writeManifest(project: CompiledProject, options: ArtifactOptions): Promise<string> {
  return writeArtifact(options.outDir, 'manifest.json', manifestJson(project, options));
}
