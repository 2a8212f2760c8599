import { CompileError, type CompileProblem, sortProblems } from './compile-error';
import type { CompiledProject } from './compiled-project';
import { modelId, sourceId, uniqueIds } from './node-ids';
import { projectScope } from './project-scope';
import { checkStatementBody } from './sql-checks';
import { renderTemplate } from './template-renderer';

export interface CompiledSql {
  sql: string;
  /** Unique ids of the models and sources the SQL reads. */
  dependsOn: string[];
}

/**
 * Compiles a SQL string that uses ref()/source() against a compiled project (the KPI code's ad
 * hoc queries). Throws a CompileError naming `file` (default `<sql>`) and the line of each problem.
 */
export function compileSql(
  project: CompiledProject,
  sql: string,
  options: { file?: string } = {},
): CompiledSql {
  const file = options.file ?? '<sql>';
  const problems: CompileProblem[] = [];
  const rendered = renderTemplate(
    { file, text: sql },
    projectScope(project.models, project.sources),
    problems,
  );
  for (const call of rendered.configs) {
    problems.push({
      file,
      line: call.line,
      problem: 'config() has no meaning in a query',
      fix: 'Remove the config() call.',
    });
  }
  const compiled = (rendered.sql ?? '').trimEnd();
  if (rendered.sql !== undefined) checkStatementBody(file, compiled, 'analysis', problems);
  if (problems.length > 0) throw new CompileError(sortProblems(problems));
  return {
    sql: compiled,
    dependsOn: uniqueIds([
      ...rendered.refs.map((call) => modelId(call.args)),
      ...rendered.sources.map((call) => sourceId(call.args.sourceName, call.args.table)),
    ]),
  };
}
