import { Dag } from '../graph/dag';
import type { ModelNode, ProjectNode, SeedNode, SourceTableNode, TestNode } from './compiled-project';

export interface GraphInput {
  models: ModelNode[];
  seeds?: SeedNode[];
  sources: SourceTableNode[];
  tests?: TestNode[];
}

/**
 * The project's dependency graph: sources, models and tests (analyses are never built), an edge
 * from each node to what reads it. Cycle errors name each model with its file.
 */
export function projectGraph(project: GraphInput): Dag<ProjectNode> {
  const dag = new Dag<ProjectNode>({
    label: (_id, node) => `${node.name} (${node.file}${'line' in node ? `:${node.line}` : ''})`,
  });
  const nodes: ProjectNode[] = [
    ...project.sources,
    ...(project.seeds ?? []),
    ...project.models,
    ...(project.tests ?? []),
  ];
  for (const node of nodes) dag.addNode(node.uniqueId, node);
  for (const node of nodes) {
    if (node.resourceType === 'source' || node.resourceType === 'seed') continue;
    for (const parent of node.dependsOn) if (dag.has(parent)) dag.addEdge(parent, node.uniqueId);
  }
  return dag;
}
