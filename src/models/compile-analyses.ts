import type { CompileProblem } from './compile-error';
import type { AnalysisNode } from './compiled-project';
import { sourceId, uniqueIds } from './node-ids';
import { baseName, type SourceFile } from './project-files';
import { type projectScope, refIdOf } from './project-scope';
import { checkStatementBody } from './sql-checks';
import { renderTemplate } from './template-renderer';

/** An analysis: rendered like a model, never materialized (a config() call is a mistake). */
export function compileAnalysis(
  source: SourceFile,
  scope: ReturnType<typeof projectScope>,
  problems: CompileProblem[],
): AnalysisNode {
  const rendered = renderTemplate(source, scope, problems);
  for (const call of rendered.configs) {
    problems.push({
      file: source.file,
      line: call.line,
      problem: 'config() has no meaning in an analysis (it is never materialized)',
      fix: 'Remove the config() call.',
    });
  }
  const compiledSql = (rendered.sql ?? '').trimEnd();
  if (rendered.sql !== undefined) checkStatementBody(source.file, compiledSql, 'analysis', problems);
  return {
    resourceType: 'analysis',
    uniqueId: `analysis.${baseName(source.path)}`,
    name: baseName(source.path),
    file: source.file,
    path: source.path,
    dependsOn: uniqueIds([
      ...rendered.refs.map((call) => refIdOf(scope, call.args)),
      ...rendered.sources.map((call) => sourceId(call.args.sourceName, call.args.table)),
    ]),
    rawSql: source.text,
    compiledSql,
  };
}
