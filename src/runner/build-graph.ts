import type { Dag } from '../graph/dag';
import type { CompiledProject, ProjectNode } from '../models/compiled-project';
import { projectGraph } from '../models/project-graph';

/**
 * The graph `build` runs on (dbt's build semantics): the project graph, plus an edge from each
 * test to the models that read the node it is attached to, so those models wait for the test and
 * are skipped when it fails. An edge that would close a cycle (a relationships test to a
 * downstream model) is left out.
 */
export function buildGraph(project: CompiledProject): Dag<ProjectNode> {
  const dag = projectGraph(project);
  for (const test of project.tests) {
    if (!test.attachedTo || !dag.has(test.attachedTo)) continue;
    for (const child of dag.children(test.attachedTo).sort()) {
      if (dag.get(child).resourceType !== 'model') continue;
      if (dag.descendants(child).has(test.uniqueId)) continue;
      dag.addEdge(test.uniqueId, child);
    }
  }
  return dag;
}

/**
 * For each selected node, the selected nodes it must wait for: its nearest selected ancestors,
 * looking through unselected nodes (A → B → C with B unselected: C still waits for A).
 */
export function selectedDependencies(dag: Dag<ProjectNode>, selected: Set<string>): Map<string, string[]> {
  const memo = new Map<string, Set<string>>();
  const nearest = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const found = new Set<string>();
    memo.set(id, found);
    for (const parent of dag.parents(id)) {
      if (selected.has(parent)) found.add(parent);
      else for (const ancestor of nearest(parent)) found.add(ancestor);
    }
    return found;
  };
  return new Map([...selected].map((id) => [id, [...nearest(id)].sort()]));
}
