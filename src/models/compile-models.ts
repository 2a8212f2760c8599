import type { Dialect } from '../warehouse/dialect';
import type { CompileProblem } from './compile-error';
import type { ModelNode, SeedNode, SourceTableNode } from './compiled-project';
import type { RuntimeCompiler } from './dbt-runtime';
import { trackRuntime } from './dbt-runtime';
import { type EphemeralSql, ephemeralCteName, inlineEphemerals } from './inline-ephemerals';
import { mergeModelConfig, readModelConfig } from './model-config';
import { checkIncrementalConfig, type DbtSchemaName, type Draft, setRelation } from './model-drafts';
import { modelId, seedId, sourceId, uniqueIds } from './node-ids';
import { projectScope } from './project-scope';
import { runtimeCompiler } from './runtime-model-compiler';
import { checkStatementBody } from './sql-checks';
import { Relation, renderTemplate, type TemplateScope } from './template-renderer';

export interface ModelContext {
  dialect: Dialect;
  problems: CompileProblem[];
  schemaName: (schema: string) => string;
  dbtSchemaName?: DbtSchemaName;
  globals: TemplateScope['globals'];
}

/** The models compiled, the final scope tests and analyses render in, and the ephemeral models to inline. */
export interface CompiledModels {
  models: ModelNode[];
  scope: TemplateScope;
  /** Inlines the ephemeral models among `modelNames` into `sql` (as CTEs). */
  inline: (sql: string, modelNames: string[]) => { sql: string; bodyOffset: number };
  /** Renders a model again with `execute` true (the models with compiledAtRunTime). */
  compileAtRunTime: RuntimeCompiler;
}

/**
 * Renders the models twice: first with recording functions, which finds each model's
 * dependencies and its `config()` (so its final schema); then with every relation final.
 */
export function compileModels(
  drafts: Map<string, Draft>,
  seeds: SeedNode[],
  sources: SourceTableNode[],
  context: ModelContext,
): CompiledModels {
  renderPass1(drafts, seeds, sources, context);
  const final = finalScope(drafts, seeds, sources, context.globals);
  const ephemeralReads = (names: string[]) =>
    [...new Set(names)].filter((name) => {
      const draft = drafts.get(name);
      return draft !== undefined && isEphemeral(draft);
    });
  const { rendered, ephemerals } = renderPass2(drafts, final, ephemeralReads, context.problems);
  const sourceIds = new Set(sources.map((source) => source.uniqueId));
  const seedIds = new Set(seeds.map((seed) => seed.uniqueId));
  const refId = (name: string) =>
    drafts.has(name) ? modelId(name) : seedIds.has(seedId(name)) ? seedId(name) : undefined;
  const models = [...drafts.values()].map((draft) => {
    const { sql, incrementalSql } = rendered.get(draft.name) as RenderedModel;
    const reads = isEphemeral(draft) ? [] : ephemeralReads((draft.pass1?.refs ?? []).map((r) => r.args));
    const inlined = inlineEphemerals(sql, reads, ephemerals);
    const inlinedIncremental =
      incrementalSql === undefined ? undefined : inlineEphemerals(incrementalSql, reads, ephemerals);
    const dependsOn = uniqueIds([
      ...(draft.pass1?.refs ?? []).flatMap((call) => refId(call.args) ?? []),
      ...(draft.pass1?.sources ?? [])
        .map((call) => sourceId(call.args.sourceName, call.args.table))
        .filter((id) => sourceIds.has(id)),
    ]);
    return modelNode(draft, { sql, inlined, inlinedIncremental, dependsOn });
  });
  const inline = (sql: string, modelNames: string[]) =>
    inlineEphemerals(sql, ephemeralReads(modelNames), ephemerals);
  const compileAtRunTime = runtimeCompiler(drafts, final, ephemeralReads, ephemerals);
  return { models, scope: final, inline, compileAtRunTime };
}

const isEphemeral = (draft: Draft) => draft.config.materialized === 'ephemeral';

/** Pass 2's scope: final relations; an ephemeral model's ref() is the name of the CTE it is inlined as. */
function finalScope(
  drafts: Map<string, Draft>,
  seeds: SeedNode[],
  sources: SourceTableNode[],
  globals: TemplateScope['globals'],
): TemplateScope {
  const models = [...drafts.values()].map((draft) =>
    isEphemeral(draft) ? { ...draft, relation: `"${ephemeralCteName(draft.name)}"` } : draft,
  );
  return { ...projectScope([...models, ...seeds], sources), globals };
}

type RenderedModel = { sql: string; incrementalSql?: string };

/**
 * Pass 2: each model's SQL with its relations final (pass 1's output reused where nothing it saw
 * changed), and the ephemeral models with the ephemerals they read in turn.
 */
function renderPass2(
  drafts: Map<string, Draft>,
  final: TemplateScope,
  ephemeralReads: (names: string[]) => string[],
  problems: CompileProblem[],
): { rendered: Map<string, RenderedModel>; ephemerals: Map<string, EphemeralSql> } {
  const rendered = new Map<string, RenderedModel>();
  const ephemerals = new Map<string, EphemeralSql>();
  for (const draft of drafts.values()) {
    const self = new Relation(draft.schema, draft.name, draft.relation);
    const reuse = samePass1Relations(draft, self, final);
    const first = reuse ? draft.pass1 : renderTemplate(draft.source, { ...final, self }, []);
    const sql = (first?.sql ?? '').trimEnd();
    // A model compiled at run time may be empty at parse (dbt_utils.union_relations gives ''): checked then.
    if (first?.sql !== undefined && !draft.compiledAtRunTime)
      checkStatementBody(draft.source.file, sql, 'model', problems);
    const incrementalSql =
      draft.config.materialized === 'incremental'
        ? (
            (reuse
              ? draft.pass1IncrementalSql
              : renderTemplate(draft.source, { ...final, self, isIncremental: true }, []).sql) ?? ''
          ).trimEnd()
        : undefined;
    rendered.set(draft.name, { sql, incrementalSql });
    if (isEphemeral(draft)) {
      ephemerals.set(draft.name, {
        name: draft.name,
        sql,
        reads: ephemeralReads((draft.pass1?.refs ?? []).map((r) => r.args)),
      });
    }
  }
  return { rendered, ephemerals };
}

/** The model node: its config, docs, dependencies and SQL with the ephemeral models it reads inlined. */
function modelNode(
  draft: Draft,
  compiled: {
    /** Pass 2's SQL before inlining: whether it keeps the file's lines. */
    sql: string;
    inlined: { sql: string; bodyOffset: number };
    inlinedIncremental: { sql: string; bodyOffset: number } | undefined;
    dependsOn: string[];
  },
): ModelNode {
  const { sql, inlined, inlinedIncremental, dependsOn } = compiled;
  return {
    resourceType: 'model',
    uniqueId: modelId(draft.name),
    name: draft.name,
    file: draft.source.file,
    path: draft.source.path,
    layer: draft.layer,
    schema: draft.schema,
    materialized: draft.config.materialized ?? 'view',
    tags: draft.config.tags ?? [],
    ...(draft.config.dist ? { dist: draft.config.dist } : {}),
    ...(draft.config.sort ? { sort: draft.config.sort } : {}),
    description: draft.spec?.description,
    columns: draft.spec?.columns ?? [],
    declaredAt: draft.spec && { file: draft.spec.file, line: draft.spec.line },
    dependsOn,
    relation: draft.relation,
    rawSql: draft.source.text,
    compiledSql: inlined.sql,
    preservesLines: sql.split('\n').length === draft.source.text.trimEnd().split('\n').length,
    ...(inlined.bodyOffset > 0 ? { bodyOffset: inlined.bodyOffset } : {}),
    ...(draft.compiledAtRunTime ? { compiledAtRunTime: true } : {}),
    ...(draft.config.materialized === 'incremental'
      ? {
          incrementalSql: inlinedIncremental?.sql,
          incrementalBodyOffset: inlinedIncremental?.bodyOffset,
          uniqueKey: draft.config.unique_key,
          incrementalStrategy:
            draft.config.incremental_strategy ?? (draft.config.unique_key ? 'merge' : 'append'),
        }
      : {}),
  };
}

/** Pass 1: dependencies and config() calls, with provisional relations. */
function renderPass1(
  drafts: Map<string, Draft>,
  seeds: SeedNode[],
  sources: SourceTableNode[],
  context: ModelContext,
): void {
  const { dialect, problems, schemaName, dbtSchemaName, globals } = context;
  const provisional = projectScope([...drafts.values(), ...seeds], sources);
  for (const draft of drafts.values()) {
    const self = new Relation(draft.schema, draft.name, draft.relation);
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
    const pass1 = trackRuntime(() => renderTemplate(draft.source, { ...recording, self, globals }, problems));
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
        { ...recording, self, globals, isIncremental: true },
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
 * Whether pass 2 would render what pass 1 did: when `this` and every relation the model's ref()
 * calls returned are the same in both scopes, the template sees the same values and its output is
 * the same (most models: only a config() schema or an ephemeral model changes a relation).
 */
function samePass1Relations(draft: Draft, self: Relation, final: TemplateScope): boolean {
  const seen = draft.pass1Relations;
  if (draft.pass1?.sql === undefined || !seen || seen.self !== relationKey(self)) return false;
  if (draft.config.materialized === 'incremental' && draft.pass1IncrementalSql === undefined) return false;
  return seen.refs.every(([name, key]) => relationKey(final.ref(name)) === key);
}

function relationKey(relation: Relation | undefined): string {
  return relation ? `${relation.schema}\u0000${relation.identifier}\u0000${relation}` : '';
}

/** Names the whole cycle, and for each step the file and line of the ref() that makes it. */
export function cycleProblem(cycle: string[], drafts: Map<string, Draft>): CompileProblem {
  const names = cycle.map((id) => id.replace(/^model\./, ''));
  const steps = names.slice(1).map((name, i) => {
    const draft = drafts.get(name);
    const call = draft?.pass1?.refs.find((ref) => ref.args === names[i]);
    return `${draft?.source.file}:${call?.line ?? 1} ref('${names[i]}')`;
  });
  const first = drafts.get(names[1] as string);
  const firstRef = first?.pass1?.refs.find((ref) => ref.args === names[0]);
  return {
    file: first?.source.file ?? '',
    line: firstRef?.line,
    problem: `dependency cycle: ${names.join(' -> ')}`,
    fix: `A model cannot depend on itself through others. Remove one of these references:\n      ${steps.join('\n      ')}`,
  };
}
