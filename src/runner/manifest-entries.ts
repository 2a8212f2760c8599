import type {
  AnalysisNode,
  CompiledProject,
  ModelNode,
  ProjectNode,
  SeedNode,
  SourceTableNode,
  TestNode,
  UnitTestNode,
} from '../models/compiled-project';
import { nodeChecksum } from './node-checksum';

/** One entry of manifest.json, in dbt's shape (snake_case keys). */
export type ManifestEntry = Record<string, unknown>;

/** dbt's shape: `{ name: 'sha256', checksum }`; what `state:modified` compares (see nodeChecksum). */
export function checksumOf(node: ProjectNode): { name: string; checksum: string } {
  return { name: 'sha256', checksum: nodeChecksum(node) };
}

function testsOn(project: CompiledProject, uniqueId: string): string[] {
  return project.tests.filter((test) => test.attachedTo === uniqueId).map((test) => test.uniqueId);
}

export function seedEntry(seed: SeedNode, project: CompiledProject): ManifestEntry {
  return {
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
    tests: testsOn(project, seed.uniqueId),
  };
}

export function modelEntry(model: ModelNode, project: CompiledProject): ManifestEntry {
  return {
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
    tests: testsOn(project, model.uniqueId),
    raw_code: model.rawSql,
    compiled_code: model.compiledSql,
  };
}

export function testEntry(test: TestNode): ManifestEntry {
  return {
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

export function analysisEntry(analysis: AnalysisNode): ManifestEntry {
  return {
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

export function sourceEntry(source: SourceTableNode): ManifestEntry {
  return {
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
  };
}

export function unitTestEntry(test: UnitTestNode): ManifestEntry {
  return {
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
  };
}

/** parent_map and child_map: a source has no parents; every other node its `dependsOn`. */
export function dependencyMaps(all: ProjectNode[]): {
  parentMap: Record<string, string[]>;
  childMap: Record<string, string[]>;
} {
  const childMap: Record<string, string[]> = {};
  for (const node of all) childMap[node.uniqueId] = [];
  for (const node of all) {
    if (node.resourceType === 'source') continue;
    for (const parent of node.dependsOn) childMap[parent]?.push(node.uniqueId);
  }
  const parentMap = Object.fromEntries(
    all.map((node) => [node.uniqueId, node.resourceType === 'source' ? [] : node.dependsOn]),
  );
  return { parentMap, childMap };
}
