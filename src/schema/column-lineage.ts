import type { CompiledProject } from '../models';
import { type ColumnRef, type SelectDefinitions, selectDefinitions } from './select-definitions';

type LineageNode = {
  /** Raw table name for a source (lineage ends there). */
  sourceTable?: string;
  columns: ReadonlySet<string>;
  dependsOn: string[];
  select?: SelectDefinitions;
};

/**
 * Raw columns behind a model column, by name through the dependency graph: a column is followed
 * through the select-list items that define it (`cast(round(subtotal / 100.0, 2) …) as subtotal`,
 * `customer as customer_id`) into the models it depends on that have a column of that name
 * (restricted to the one an import CTE names when the expression qualifies it), down to the
 * sources. It can over-approximate (a name found in two parents follows both), never invent a
 * column: every step lands on a column the parent really has.
 *
 * `columnsOf(uniqueId)` gives a node's column names (the catalog's, else the YAML's).
 */
export function columnLineage(
  project: CompiledProject,
  columnsOf: (uniqueId: string) => readonly string[],
): (modelId: string, column: string) => string[] {
  const nodes = new Map<string, LineageNode>();
  const byRelation = new Map<string, string>();
  for (const source of project.sources) {
    nodes.set(source.uniqueId, {
      sourceTable: source.name,
      columns: new Set(columnsOf(source.uniqueId)),
      dependsOn: [],
    });
    byRelation.set(source.relation, source.uniqueId);
  }
  for (const model of project.models) {
    nodes.set(model.uniqueId, {
      columns: new Set(columnsOf(model.uniqueId)),
      dependsOn: model.dependsOn,
      select: selectDefinitions(model.compiledSql),
    });
    byRelation.set(model.relation, model.uniqueId);
  }
  const memo = new Map<string, Set<string>>();

  const trace = (id: string, column: string): Set<string> => {
    const key = `${id}\u0000${column}`;
    const known = memo.get(key);
    if (known) return known;
    const found = new Set<string>();
    memo.set(key, found); // a cycle meets an empty set instead of recursing forever
    const node = nodes.get(id);
    if (!node) return found;
    if (node.sourceTable !== undefined) {
      if (node.columns.has(column)) found.add(`${node.sourceTable}.${column}`);
      return found;
    }
    const parentsWith = (name: string) =>
      node.dependsOn.filter((parent) => nodes.get(parent)?.columns.has(name));
    const seen = new Set<string>();
    const queue: ColumnRef[] = [{ name: column }];
    while (queue.length > 0) {
      const ref = queue.shift() as ColumnRef;
      const imported = ref.qualifier ? node.select?.imports.get(ref.qualifier) : undefined;
      const importedId = imported ? byRelation.get(imported) : undefined;
      if (importedId) {
        if (nodes.get(importedId)?.columns.has(ref.name)) {
          for (const raw of trace(importedId, ref.name)) found.add(raw);
        }
        continue;
      }
      for (const parent of parentsWith(ref.name)) for (const raw of trace(parent, ref.name)) found.add(raw);
      if (seen.has(ref.name)) continue;
      seen.add(ref.name);
      for (const refs of node.select?.definitions.get(ref.name) ?? []) queue.push(...refs);
    }
    return found;
  };

  return (modelId, column) => [...trace(modelId, column)].sort();
}
