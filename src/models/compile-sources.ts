import type { Dialect } from '../warehouse/dialect';
import type { CompileProblem } from './compile-error';
import type { SourceTableNode } from './compiled-project';
import { sourceId } from './node-ids';
import type { SourceTableSpec } from './schema-yaml';
import { identifierProblem } from './sql-checks';

/** The source tables the YAML declares, each once, with its quoted relation. */
export function compileSources(
  specs: SourceTableSpec[],
  dialect: Dialect,
  problems: CompileProblem[],
): SourceTableNode[] {
  const byId = new Map<string, SourceTableNode>();
  for (const spec of specs) {
    const uniqueId = sourceId(spec.sourceName, spec.name);
    const first = byId.get(uniqueId);
    if (first) {
      problems.push({
        file: spec.file,
        line: spec.line,
        problem: `source table ${spec.sourceName}.${spec.name} is declared twice: here and in ${first.file}:${first.line}`,
        fix: 'Keep one declaration of the table.',
      });
      continue;
    }
    const bad =
      identifierProblem(dialect, spec.schema, 'schema') ??
      identifierProblem(dialect, spec.identifier, 'table');
    if (bad) problems.push({ file: spec.file, line: spec.line, ...bad });
    byId.set(uniqueId, {
      resourceType: 'source',
      uniqueId,
      sourceName: spec.sourceName,
      name: spec.name,
      schema: spec.schema,
      identifier: spec.identifier,
      relation: bad
        ? `"${spec.schema}"."${spec.identifier}"`
        : dialect.relation(spec.schema, spec.identifier),
      description: spec.description,
      columns: spec.columns,
      file: spec.file,
      path: spec.path,
      line: spec.line,
    });
  }
  return [...byId.values()];
}
