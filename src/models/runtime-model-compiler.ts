import type { CompileProblem } from './compile-error';
import type { RuntimeCompiler, RuntimeSession } from './dbt-runtime';
import { withRuntimeSession } from './dbt-runtime';
import { type EphemeralSql, inlineEphemerals } from './inline-ephemerals';
import type { Draft } from './model-drafts';
import { checkStatementBody } from './sql-checks';
import { Relation, renderTemplate, type TemplateScope } from './template-renderer';

/** Renders a model again at run time, with a warehouse session for run_query and introspection. */
export function runtimeCompiler(
  drafts: Map<string, Draft>,
  final: TemplateScope,
  ephemeralReads: (names: string[]) => string[],
  ephemerals: Map<string, EphemeralSql>,
): RuntimeCompiler {
  return (uniqueId, session) => {
    const draft = drafts.get(uniqueId.replace(/^model\./, ''));
    if (!draft)
      return { problems: [{ file: uniqueId, problem: `no model ${uniqueId}`, fix: 'Compile again.' }] };
    const self = new Relation(draft.schema, draft.name, draft.relation);
    const render = (isIncremental: boolean, problems: CompileProblem[]) =>
      renderRuntime(session, () => renderTemplate(draft.source, { ...final, self, isIncremental }, problems));
    const problems: CompileProblem[] = [];
    const reads = ephemeralReads((draft.pass1?.refs ?? []).map((r) => r.args));
    const sql = render(false, problems);
    checkStatementBody(draft.source.file, sql, 'model', problems);
    const built = inlineEphemerals(sql, reads, ephemerals);
    const incremental =
      draft.config.materialized === 'incremental'
        ? inlineEphemerals(render(true, problems), reads, ephemerals)
        : undefined;
    return {
      problems,
      model: {
        compiledSql: built.sql,
        bodyOffset: built.bodyOffset > 0 ? built.bodyOffset : undefined,
        ...(incremental
          ? { incrementalSql: incremental.sql, incrementalBodyOffset: incremental.bodyOffset }
          : {}),
      },
    };
  };
}

function renderRuntime(session: RuntimeSession, render: () => { sql?: string }): string {
  return (withRuntimeSession(session, render).sql ?? '').trimEnd();
}
