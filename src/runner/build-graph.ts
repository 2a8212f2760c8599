import type { Dag } from '../graph/dag';
import type { CompiledProject, ProjectNode } from '../models/compiled-project';
import { projectGraph } from '../models/project-graph';

/**
 * The graph `build` runs on (dbt's build semantics): the project graph, plus an edge from each
 * test to the models that read the node it is attached to, so those models wait for the test and
 * are skipped when it fails. An edge that would close a cycle (a relationships test to a
 * downstream model) is left out. Unit tests come before their model.
 */
export function buildGraph(project: CompiledProject): Dag<ProjectNode> {
  const dag = projectGraph(project);
  for (const test of project.tests) {
    if (!test.attachedTo) gateReadersOfAllParents(dag, test.uniqueId);
    if (!test.attachedTo || !dag.has(test.attachedTo)) continue;
    for (const child of dag.children(test.attachedTo).sort()) {
      if (dag.get(child).resourceType !== 'model') continue;
      if (closesCycle(dag, child, test.uniqueId, test.attachedTo)) continue;
      dag.addEdge(test.uniqueId, child);
    }
  }
  // A unit test reads nothing but, in a dbt project, the relations that type its inputs; its model
  // waits for it (dbt build runs unit tests first).
  for (const unitTest of project.unitTests ?? []) {
    dag.addNode(unitTest.uniqueId, unitTest);
    for (const input of unitTest.dependsOn) if (dag.has(input)) dag.addEdge(input, unitTest.uniqueId);
    if (dag.has(unitTest.model)) dag.addEdge(unitTest.uniqueId, unitTest.model);
  }
  return dag;
}

/**
 * Whether an edge test → `reader` would close a cycle, i.e. whether `reader` reaches the test. A
 * test's only incoming edges come from what it reads, so that is: `reader` is or reaches one of the
 * test's parents. It reads `attachedTo`, so it cannot reach that one (the graph stays acyclic):
 * only the other parents (a relationships target) need a search. Searching the descendants of
 * every reader of every test made planning quadratic (seconds at 1,000 models).
 */
function closesCycle(dag: Dag<ProjectNode>, reader: string, testId: string, attachedTo: string): boolean {
  const others = dag.parents(testId).filter((parent) => parent !== attachedTo);
  if (others.length === 0) return false;
  if (others.includes(reader)) return true;
  const below = dag.descendants(reader);
  return others.some((parent) => below.has(parent));
}

/**
 * A test of several models (a singular test comparing stg_orders with stg_order_items) gates the
 * models that read all of them, as dbt build does: otherwise the marts would be rebuilt from data
 * the test has just found inconsistent, and only then would the run fail.
 */
function gateReadersOfAllParents(dag: Dag<ProjectNode>, testId: string): void {
  const parents = dag.parents(testId);
  if (parents.length === 0) return;
  const readers = new Set(parents.flatMap((parent) => dag.children(parent)));
  for (const child of [...readers].sort()) {
    if (child === testId || dag.get(child).resourceType !== 'model') continue;
    if (dag.descendants(child).has(testId)) continue;
    const upstream = dag.ancestors(child);
    if (parents.every((parent) => upstream.has(parent))) dag.addEdge(testId, child);
  }
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
