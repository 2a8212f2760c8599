import type { CompileProblem } from './compile-error';

/**
 * The YAML descriptions of one resource kind by name; a second description of the same name is a
 * problem naming both places (the first one is kept).
 */
export function specsByName<S extends { name: string; file: string; line: number }>(
  specs: Iterable<S>,
  kind: 'model' | 'seed',
  fix: string,
  problems: CompileProblem[],
): Map<string, S> {
  const byName = new Map<string, S>();
  for (const spec of specs) {
    const first = byName.get(spec.name);
    if (first) {
      problems.push({
        file: spec.file,
        line: spec.line,
        problem: `${kind} "${spec.name}" is described twice: here and in ${first.file}:${first.line}`,
        fix,
      });
    } else byName.set(spec.name, spec);
  }
  return byName;
}
