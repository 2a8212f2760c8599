import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Dag } from '../graph/dag';
import { type Selection, selectNodes } from '../graph/select';
import type { CompiledProject, ProjectNode, TestNode } from '../models/compiled-project';
import { loadProject } from '../models/load-project';
import { buildGraph } from '../runner/build-graph';
import { writeManifest } from '../runner/run-results';
import { readSavedState, selectionState } from '../runner/saved-state';
import { type Dialect, PostgresDialect } from '../warehouse/dialect';

export interface CompileStepOptions {
  /** The SQL project folder (sql/). */
  projectDir: string;
  /** target/: compiled SQL goes to `<outDir>/compiled/`, the manifest to `<outDir>/manifest.json`. */
  outDir: string;
  select?: string[];
  exclude?: string[];
  /** Folder of a saved manifest.json that `state:modified` compares with. */
  stateDir?: string;
  /** How SQL is spelled (default PostgreSQL); compile never connects to it. */
  dialect?: Dialect;
  target?: string;
}

export interface CompileStepResult {
  project: CompiledProject;
  selection: Selection;
  /** The compiled .sql files written, relative to `outDir`, sorted. */
  written: string[];
  manifestPath: string;
}

/**
 * dbt compile: compiles the project (no warehouse connection), writes the compiled SQL of each
 * selected model, test and analysis to `target/compiled/<path>` and the whole manifest.json.
 * Without a selection, `target/compiled/` is written afresh so no stale file stays behind.
 */
export async function compileStep(options: CompileStepOptions): Promise<CompileStepResult> {
  const project = await loadProject(options.projectDir, {
    dialect: options.dialect ?? new PostgresDialect(),
  });
  const graph = compileGraph(project);
  const selected = (options.select ?? []).some((text) => text.trim() !== '');
  const selection = selectNodes(graph, {
    select: options.select,
    exclude: options.exclude,
    state: options.stateDir
      ? selectionState(project, await readSavedState(options.stateDir), options.stateDir)
      : undefined,
  });
  const compiledDir = join(options.outDir, 'compiled');
  if (!selected && !options.exclude?.length) await rm(compiledDir, { recursive: true, force: true });
  const written: string[] = [];
  for (const id of graph.topologicalOrder()) {
    if (!selection.ids.has(id)) continue;
    const node = graph.get(id);
    const path = compiledPath(node);
    if (path === undefined || !('compiledSql' in node)) continue;
    const file = join(compiledDir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${node.compiledSql}\n`);
    written.push(`compiled/${path}`);
  }
  const manifestPath = await writeManifest(project, {
    outDir: options.outDir,
    target: options.target,
    args: { select: options.select, exclude: options.exclude, state: options.stateDir },
  });
  return { project, selection, written: written.sort(), manifestPath };
}

/** The build graph plus the analyses (compiled, never built), so `--select` reaches them too. */
export function compileGraph(project: CompiledProject): Dag<ProjectNode> {
  const graph = buildGraph(project);
  for (const analysis of project.analyses) graph.addNode(analysis.uniqueId, analysis);
  for (const analysis of project.analyses) {
    for (const parent of analysis.dependsOn) if (graph.has(parent)) graph.addEdge(parent, analysis.uniqueId);
  }
  return graph;
}

/**
 * Where a node's compiled SQL goes under compiled/: a .sql file keeps its project path; a generic
 * test goes under its YAML file's path, as dbt does (`marts/_marts.yml/unique_fct_orders_id.sql`).
 */
export function compiledPath(node: ProjectNode): string | undefined {
  switch (node.resourceType) {
    case 'model':
    case 'analysis':
      return node.path;
    case 'test':
      return genericTest(node) ? `${node.path}/${node.name}.sql` : node.path;
    default:
      return undefined;
  }
}

function genericTest(test: TestNode): boolean {
  return test.testType === 'generic';
}
