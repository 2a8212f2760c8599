import type { Dialect } from '../warehouse/dialect';
import type { CompileProblem } from './compile-error';
import type { SeedNode, SourceTableNode } from './compiled-project';
import { trackRuntime } from './dbt-runtime';
import { mergeModelConfig, readModelConfig } from './model-config';
import { checkIncrementalConfig, type DbtSchemaName, type Draft, setRelation } from './model-drafts';
import { projectScope } from './project-scope';
import { Relation, renderTemplate, type TemplateScope } from './template-renderer';

export interface Pass1Context {
  dialect: Dialect;
  problems: CompileProblem[];
  schemaName: (schema: string) => string;
  dbtSchemaName?: DbtSchemaName;
  globals: TemplateScope['globals'];
}

/** What `this` renders to in a model: its schema and its alias (or name). */
export function selfRelation(draft: Draft): Relation {
  return new Relation(draft.schema, draft.config.alias ?? draft.name, draft.relation);
}

/** A draft as ref() resolves it (its alias names the relation). */
export function scopeModel(draft: Draft) {
  return { ...draft, alias: draft.config.alias };
}

/** Pass 1: dependencies and config() calls, with provisional relations. */
export function renderPass1(
  drafts: Map<string, Draft>,
  seeds: SeedNode[],
  sources: SourceTableNode[],
  context: Pass1Context,
): void {
  const { dialect, problems, schemaName, dbtSchemaName, globals } = context;
  const provisional = projectScope([...[...drafts.values()].map(scopeModel), ...seeds], sources);
  for (const draft of drafts.values()) {
    const self = selfRelation(draft);
    const seen = { self: relationKey(self), refs: [] as Array<[string, string]> };
    draft.pass1Relations = seen;
    const recording: TemplateScope = {
      ...provisional,
      ref(name) {
        const relation = provisional.ref(name);
        seen.refs.push([name, relationKey(relation)]);
        return relation;
      },
    };
    const modelConfig = { ...mergeModelConfig([...draft.folderLayers, draft.spec?.config ?? {}]) };
    const pass1 = trackRuntime(() =>
      renderTemplate(draft.source, { ...recording, self, globals, modelConfig }, problems),
    );
    draft.pass1 = pass1.value;
    if (pass1.runtime) draft.compiledAtRunTime = true;
    const inFile = draft.pass1.configs.map((call) =>
      readModelConfig(call.args, (problem, fix) =>
        problems.push({ file: draft.source.file, line: call.line, problem, fix }),
      ),
    );
    draft.config = mergeModelConfig([...draft.folderLayers, draft.spec?.config ?? {}, ...inFile]);
    setRelation(draft, dialect, problems, schemaName, dbtSchemaName);
    if (draft.config.materialized === 'incremental') {
      // The incremental branch may read more than the first build does.
      const branch: CompileProblem[] = [];
      const incremental = renderTemplate(
        draft.source,
        { ...recording, self, globals, modelConfig, isIncremental: true },
        branch,
      );
      draft.pass1IncrementalSql = incremental.sql;
      draft.pass1.refs.push(...incremental.refs);
      draft.pass1.sources.push(...incremental.sources);
      for (const problem of branch) {
        if (
          !problems.some(
            (p) => p.file === problem.file && p.line === problem.line && p.problem === problem.problem,
          )
        )
          problems.push(problem);
      }
      checkIncrementalConfig(draft, problems);
    }
  }
}

/**
 * dbt drops a model whose config() says `enabled=false` (it is known only once the model has been
 * rendered): it leaves the drafts, and a ref() to it from another model is a problem, as in dbt.
 * Two models built as one relation (the same alias in one schema) are a problem too.
 */
export function dropDisabledModels(drafts: Map<string, Draft>, problems: CompileProblem[]): string[] {
  const disabled = [...drafts.values()].filter((draft) => draft.config.enabled === false).map((d) => d.name);
  for (const name of disabled) drafts.delete(name);
  for (const draft of drafts.values()) {
    for (const call of draft.pass1?.refs ?? []) {
      if (!disabled.includes(call.args)) continue;
      problems.push({
        file: draft.source.file,
        line: call.line,
        problem: `ref('${call.args}') names a disabled model (its config() sets enabled=false)`,
        fix: `Enable ${call.args}, or disable this model too.`,
      });
    }
  }
  const byRelation = new Map<string, Draft>();
  for (const draft of drafts.values()) {
    const first = byRelation.get(draft.relation);
    if (!first) byRelation.set(draft.relation, draft);
    else
      problems.push({
        file: draft.source.file,
        line: draft.pass1?.configs[0]?.line ?? 1,
        problem: `models "${first.name}" (${first.source.file}) and "${draft.name}" are both built as ${draft.relation}`,
        fix: 'Give one of them another alias or schema.',
      });
  }
  return disabled;
}

/**
 * Whether pass 2 would render what pass 1 did: when `this` and every relation the model's ref()
 * calls returned are the same in both scopes, the template sees the same values and its output is
 * the same (most models: only a config() schema or an ephemeral model changes a relation).
 */
export function samePass1Relations(draft: Draft, self: Relation, final: TemplateScope): boolean {
  const seen = draft.pass1Relations;
  if (draft.pass1?.sql === undefined || !seen || seen.self !== relationKey(self)) return false;
  if (draft.config.materialized === 'incremental' && draft.pass1IncrementalSql === undefined) return false;
  return seen.refs.every(([name, key]) => relationKey(final.ref(name)) === key);
}

function relationKey(relation: Relation | undefined): string {
  return relation ? `${relation.schema}\u0000${relation.identifier}\u0000${relation}` : '';
}
