import { at } from '../common/at';
import type { Dialect } from '../warehouse/dialect';
import type { CompileProblem } from './compile-error';
import type { ModelNode, SeedNode, SourceTableNode } from './compiled-project';
import { type RuntimeCompiler, withRuntimeSession } from './dbt-runtime';
import { type EphemeralSql, ephemeralCteName, inlineEphemerals } from './inline-ephemerals';
import type { DbtSchemaName, Draft } from './model-drafts';
import { dropDisabledModels, renderPass1, samePass1Relations, scopeModel, selfRelation } from './model-pass1';
import { modelId, seedId, sourceId, uniqueIds } from './node-ids';
import { projectScope } from './project-scope';
import { checkStatementBody } from './sql-checks';
import { renderTemplate, type TemplateScope } from './template-renderer';

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
  /** Models a config(enabled=false) in their SQL left out (their YAML descriptions go too). */
  disabled: string[];
}

const isEphemeral = (draft: Draft) => draft.config.materialized === 'ephemeral';

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
  const { problems, globals } = context;
  renderPass1(drafts, seeds, sources, context);
  const disabled = dropDisabledModels(drafts, problems);
  // Pass 2: final relations; an ephemeral model's ref() is the name of the CTE it is inlined as.
  const final = {
    ...projectScope(
      [
        ...[...drafts.values()].map((draft) =>
          isEphemeral(draft)
            ? { ...draft, relation: `"${ephemeralCteName(draft.name)}"` }
            : scopeModel(draft),
        ),
        ...seeds,
      ],
      sources,
    ),
    globals,
  };
  const ephemerals = new Map<string, EphemeralSql>();
  const ephemeralReads = (names: string[]) =>
    [...new Set(names)].filter((name) => {
      const draft = drafts.get(name);
      return draft !== undefined && isEphemeral(draft);
    });
  const rendered = renderPass2(drafts, final, problems);
  for (const draft of drafts.values()) {
    if (!isEphemeral(draft)) continue;
    const reads = ephemeralReads((draft.pass1?.refs ?? []).map((r) => r.args));
    ephemerals.set(draft.name, { name: draft.name, sql: rendered.get(draft.name)?.sql ?? '', reads });
  }
  const known = {
    drafts,
    sources: new Set(sources.map((s) => s.uniqueId)),
    seeds: new Set(seeds.map((s) => s.uniqueId)),
  };
  const models = [...drafts.values()].map((draft) => {
    const reads = isEphemeral(draft) ? [] : ephemeralReads((draft.pass1?.refs ?? []).map((r) => r.args));
    return modelNode(
      draft,
      rendered.get(draft.name) ?? { sql: '' },
      (sql) => inlineEphemerals(sql, reads, ephemerals),
      known,
    );
  });
  const inline = (sql: string, modelNames: string[]) =>
    inlineEphemerals(sql, ephemeralReads(modelNames), ephemerals);
  const compileAtRunTime = runtimeCompiler(drafts, final, (draft, sql) =>
    inlineEphemerals(sql, ephemeralReads((draft.pass1?.refs ?? []).map((r) => r.args)), ephemerals),
  );
  return { models, scope: final, inline, compileAtRunTime, disabled };
}

type Rendered = { sql: string; incrementalSql?: string };

/** Pass 2: each model with every relation final (pass 1's SQL when nothing it saw changed). */
function renderPass2(drafts: Map<string, Draft>, final: TemplateScope, problems: CompileProblem[]) {
  const rendered = new Map<string, Rendered>();
  for (const draft of drafts.values()) {
    const self = selfRelation(draft);
    const modelConfig = { ...draft.config };
    const reuse = samePass1Relations(draft, self, final);
    const first = reuse ? draft.pass1 : renderTemplate(draft.source, { ...final, self, modelConfig }, []);
    const sql = (first?.sql ?? '').trimEnd();
    // A model compiled at run time may be empty at parse (dbt_utils.union_relations gives ''): checked then.
    if (first?.sql !== undefined && !draft.compiledAtRunTime)
      checkStatementBody(draft.source.file, sql, 'model', problems);
    const incrementalSql =
      draft.config.materialized === 'incremental'
        ? (
            (reuse
              ? draft.pass1IncrementalSql
              : renderTemplate(draft.source, { ...final, self, modelConfig, isIncremental: true }, []).sql) ??
            ''
          ).trimEnd()
        : undefined;
    rendered.set(draft.name, { sql, incrementalSql });
  }
  return rendered;
}

type Inline = (sql: string) => { sql: string; bodyOffset: number };

function modelNode(
  draft: Draft,
  { sql, incrementalSql }: Rendered,
  inline: Inline,
  known: { drafts: Map<string, Draft>; sources: Set<string>; seeds: Set<string> },
): ModelNode {
  const refId = (name: string) =>
    known.drafts.has(name) ? modelId(name) : known.seeds.has(seedId(name)) ? seedId(name) : undefined;
  const inlined = inline(sql);
  const inlinedIncremental = incrementalSql === undefined ? undefined : inline(incrementalSql);
  const { config } = draft;
  return {
    resourceType: 'model',
    uniqueId: modelId(draft.name),
    name: draft.name,
    file: draft.source.file,
    path: draft.source.path,
    layer: draft.layer,
    schema: draft.schema,
    materialized: config.materialized ?? 'view',
    tags: config.tags ?? [],
    ...(config.dist ? { dist: config.dist } : {}),
    ...(config.sort ? { sort: config.sort } : {}),
    ...(config.alias ? { alias: config.alias } : {}),
    description: draft.spec?.description,
    columns: draft.spec?.columns ?? [],
    declaredAt: draft.spec && { file: draft.spec.file, line: draft.spec.line },
    dependsOn: uniqueIds([
      ...(draft.pass1?.refs ?? []).flatMap((call) => refId(call.args) ?? []),
      ...(draft.pass1?.sources ?? [])
        .map((call) => sourceId(call.args.sourceName, call.args.table))
        .filter((id) => known.sources.has(id)),
    ]),
    relation: draft.relation,
    rawSql: draft.source.text,
    compiledSql: inlined.sql,
    preservesLines: sql.split('\n').length === draft.source.text.trimEnd().split('\n').length,
    ...(inlined.bodyOffset > 0 ? { bodyOffset: inlined.bodyOffset } : {}),
    ...(draft.compiledAtRunTime ? { compiledAtRunTime: true } : {}),
    ...(config.materialized === 'incremental'
      ? {
          incrementalSql: inlinedIncremental?.sql,
          incrementalBodyOffset: inlinedIncremental?.bodyOffset,
          uniqueKey: config.unique_key,
          incrementalStrategy: config.incremental_strategy ?? (config.unique_key ? 'merge' : 'append'),
        }
      : {}),
  };
}

/** Renders a model again with `execute` true and the session's answers (dbt-runtime.ts). */
function runtimeCompiler(
  drafts: Map<string, Draft>,
  final: TemplateScope,
  inline: (draft: Draft, sql: string) => { sql: string; bodyOffset: number },
): RuntimeCompiler {
  return (uniqueId, session) => {
    const draft = drafts.get(uniqueId.replace(/^model\./, ''));
    if (!draft)
      return { problems: [{ file: uniqueId, problem: `no model ${uniqueId}`, fix: 'Compile again.' }] };
    const scope = { ...final, self: selfRelation(draft), modelConfig: { ...draft.config } };
    const problems: CompileProblem[] = [];
    const render = (isIncremental: boolean) =>
      (
        withRuntimeSession(session, () => renderTemplate(draft.source, { ...scope, isIncremental }, problems))
          .sql ?? ''
      ).trimEnd();
    const sql = render(false);
    checkStatementBody(draft.source.file, sql, 'model', problems);
    const built = inline(draft, sql);
    const incremental = draft.config.materialized === 'incremental' ? inline(draft, render(true)) : undefined;
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

/** Names the whole cycle, and for each step the file and line of the ref() that makes it. */
export function cycleProblem(cycle: string[], drafts: Map<string, Draft>): CompileProblem {
  const names = cycle.map((id) => id.replace(/^model\./, ''));
  const steps = names.slice(1).map((name, i) => {
    const draft = drafts.get(name);
    const call = draft?.pass1?.refs.find((ref) => ref.args === names[i]);
    return `${draft?.source.file}:${call?.line ?? 1} ref('${names[i]}')`;
  });
  const first = drafts.get(at(names, 1, 'names[1]'));
  const firstRef = first?.pass1?.refs.find((ref) => ref.args === names[0]);
  return {
    file: first?.source.file ?? '',
    line: firstRef?.line,
    problem: `dependency cycle: ${names.join(' -> ')}`,
    fix: `A model cannot depend on itself through others. Remove one of these references:\n      ${steps.join('\n      ')}`,
  };
}
