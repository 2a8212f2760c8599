import { CompileError, type CompileProblem, sortProblems } from './compile-error';
import { compileMacros, templateGlobals } from './compile-macros';
import type { CompiledProject } from './compiled-project';
import { ephemeralCteName, inlineEphemerals } from './inline-ephemerals';
import { sourceId, uniqueIds } from './node-ids';
import { projectScope, refIdOf } from './project-scope';
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
  const dialect = project.dialect ?? 'postgres';
  const ephemeral = project.models.filter((model) => model.materialized === 'ephemeral');
  const scope = {
    ...projectScope(
      [
        ...project.models.map((model) =>
          model.materialized === 'ephemeral'
            ? { ...model, relation: `"${ephemeralCteName(model.name)}"` }
            : model,
        ),
        ...(project.seeds ?? []),
      ],
      project.sources,
    ),
    globals: { ...templateGlobals(dialect), ...compileMacros(project.macroFiles ?? [], dialect, problems) },
  };
  const rendered = renderTemplate({ file, text: sql }, scope, problems);
  for (const call of rendered.configs) {
    problems.push({
      file,
      line: call.line,
      problem: 'config() has no meaning in a query',
      fix: 'Remove the config() call.',
    });
  }
  const ephemerals = new Map(
    ephemeral.map((model) => [
      model.name,
      {
        name: model.name,
        sql: model.compiledSql,
        reads: model.dependsOn
          .map((id) => id.slice(6))
          .filter((name) => ephemeral.some((e) => e.name === name)),
      },
    ]),
  );
  const reads = rendered.refs.map((call) => call.args).filter((name) => ephemerals.has(name));
  const compiled = inlineEphemerals((rendered.sql ?? '').trimEnd(), reads, ephemerals).sql;
  if (rendered.sql !== undefined) checkStatementBody(file, compiled, 'analysis', problems);
  if (problems.length > 0) throw new CompileError(sortProblems(problems));
  return {
    sql: compiled,
    dependsOn: uniqueIds([
      ...rendered.refs.map((call) => refIdOf(scope, call.args)),
      ...rendered.sources.map((call) => sourceId(call.args.sourceName, call.args.table)),
    ]),
  };
}
