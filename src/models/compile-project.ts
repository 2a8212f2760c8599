import { basename } from 'node:path';
import { type Dialect, PostgresDialect } from '../warehouse/dialect';
import { CompileError, type CompileProblem, sortProblems } from './compile-error';
import { compileMacros, templateGlobals } from './compile-macros';
import { compileSeeds } from './compile-seeds';
import { compileGenericTests, compileSingularTests, findDuplicateTests } from './compile-tests';
import { compileUnitTests, type UnitTestModel } from './compile-unit-tests';
import type { AnalysisNode, CompiledProject, ModelNode, SeedNode, SourceTableNode } from './compiled-project';
import { type EphemeralSql, ephemeralCteName, inlineEphemerals } from './inline-ephemerals';
import { type ModelConfigLayer, mergeModelConfig, readModelConfig } from './model-config';
import { modelId, seedId, sourceId, uniqueIds } from './node-ids';
import { readProjectConfig } from './project-config';
import { baseName, type ProjectFiles, type SourceFile } from './project-files';
import { projectGraph } from './project-graph';
import { projectScope, refIdOf } from './project-scope';
import { type ModelSpec, readSchemaYaml, type SourceTableSpec } from './schema-yaml';
import { checkStatementBody, identifierProblem } from './sql-checks';
import { Relation, type RenderResult, renderTemplate, type TemplateScope } from './template-renderer';

export interface CompileOptions {
  /** Quotes relations (default PostgreSQL; Redshift quotes the same way). */
  dialect?: Dialect;
  /**
   * Renames every schema the project builds into or reads from (models, seeds, sources), like
   * dbt's generate_schema_name: `diff` builds a whole project into a scratch schema with it.
   */
  schemaName?: (schema: string) => string;
}

interface Draft {
  source: SourceFile;
  name: string;
  layer: string;
  spec?: ModelSpec;
  folderLayers: ModelConfigLayer[];
  schema: string;
  relation: string;
  config: ModelConfigLayer;
  pass1?: RenderResult;
  /** What `this` and each ref() call returned in pass 1 (relations change as configs are read). */
  pass1Relations?: { self: string; refs: Array<[string, string]> };
  /** Pass 1's rendering of the incremental branch (incremental models). */
  pass1IncrementalSql?: string;
}

/**
 * Compiles the SQL project (pure: files in, nodes out). Every problem is collected, with its file
 * and line, and thrown together as one CompileError; nothing is returned while any remains.
 *
 * Models are rendered twice: first with recording functions, which finds each model's
 * dependencies and its `config()` (so its final schema); then with every relation final.
 */
export function compileProject(files: ProjectFiles, options: CompileOptions = {}): CompiledProject {
  const dialect = options.dialect ?? new PostgresDialect();
  const schemaName = options.schemaName ?? ((schema: string) => schema);
  const problems: CompileProblem[] = [];
  const projectConfig = readProjectConfig(files.projectFile, basename(files.dir), problems);
  for (const stray of files.strayFiles) {
    problems.push({
      file: stray.file,
      line: 1,
      problem: 'a .sql file directly in the project folder belongs to no layer',
      fix: 'Move it into a layer folder (staging/, intermediate/, marts/), tests/ or analysis/.',
    });
  }
  const yamls = files.yamlFiles.map((file) => readSchemaYaml(file, problems));
  const globals = {
    ...templateGlobals(dialect.name),
    ...compileMacros(files.macroFiles ?? [], dialect.name, problems),
  };
  const seeds = compileSeeds(
    files.seedFiles ?? [],
    yamls.flatMap((yaml) => yaml.seeds),
    schemaName(projectConfig.seedSchema),
    dialect,
    problems,
  );
  const sources = compileSources(
    yamls.flatMap((yaml) => yaml.sources).map((spec) => ({ ...spec, schema: schemaName(spec.schema) })),
    dialect,
    problems,
  );
  const specs = new Map<string, ModelSpec>();
  for (const spec of yamls.flatMap((yaml) => yaml.models)) {
    const first = specs.get(spec.name);
    if (first) {
      problems.push({
        file: spec.file,
        line: spec.line,
        problem: `model "${spec.name}" is described twice: here and in ${first.file}:${first.line}`,
        fix: 'Keep one description of the model and merge the other into it.',
      });
    } else specs.set(spec.name, spec);
  }

  const drafts = new Map<string, Draft>();
  for (const source of files.modelFiles) {
    const name = baseName(source.path);
    const first = drafts.get(name);
    if (first) {
      problems.push({
        file: source.file,
        line: 1,
        problem: `two models are named "${name}": ${first.source.file} and ${source.file}`,
        fix: 'Model names are file names and must be unique across the project: rename one of the files.',
      });
      continue;
    }
    const layer = source.path.split('/')[0] as string;
    const folders = source.path.split('/').slice(0, -1);
    const folderLayers = ['', ...folders.map((_, i) => folders.slice(0, i + 1).join('/'))].flatMap(
      (folder) => projectConfig.folders.get(folder) ?? [],
    );
    const seed = seeds.find((node) => node.name === name);
    if (seed) {
      problems.push({
        file: source.file,
        line: 1,
        problem: `a model and a seed are both named "${name}": ${source.file} and ${seed.file}`,
        fix: 'ref() names one of them: rename the model or the seed.',
      });
    }
    const spec = specs.get(name);
    const config = mergeModelConfig([...folderLayers, spec?.config ?? {}]);
    const draft: Draft = { source, name, layer, spec, folderLayers, config, schema: '', relation: '' };
    setRelation(draft, dialect, problems, schemaName);
    drafts.set(name, draft);
  }
  for (const spec of specs.values()) {
    if (drafts.has(spec.name)) continue;
    problems.push({
      file: spec.file,
      line: spec.line,
      problem: `model "${spec.name}" is described here but no ${spec.name}.sql exists, so its tests cannot run`,
      fix: `Create ${spec.name}.sql in a layer folder, fix the name, or remove the description.`,
    });
  }

  // Pass 1: dependencies and config() calls.
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
    draft.pass1 = renderTemplate(draft.source, { ...recording, self, globals }, problems);
    const inFile = draft.pass1.configs.map((call) =>
      readModelConfig(call.args, (problem, fix) =>
        problems.push({ file: draft.source.file, line: call.line, problem, fix }),
      ),
    );
    draft.config = mergeModelConfig([...draft.folderLayers, draft.spec?.config ?? {}, ...inFile]);
    setRelation(draft, dialect, problems, schemaName);
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

  // Pass 2: final relations.
  // Pass 2: final relations; an ephemeral model's ref() is the name of the CTE it is inlined as.
  const isEphemeral = (draft: Draft) => draft.config.materialized === 'ephemeral';
  const final = {
    ...projectScope(
      [
        ...[...drafts.values()].map((draft) =>
          isEphemeral(draft) ? { ...draft, relation: `"${ephemeralCteName(draft.name)}"` } : draft,
        ),
        ...seeds,
      ],
      sources,
    ),
    globals,
  };
  const models: ModelNode[] = [];
  const sourceIds = new Set(sources.map((source) => source.uniqueId));
  const seedIds = new Set(seeds.map((seed) => seed.uniqueId));
  const refId = (name: string) =>
    drafts.has(name) ? modelId(name) : seedIds.has(seedId(name)) ? seedId(name) : undefined;
  const rendered = new Map<string, { sql: string; incrementalSql?: string }>();
  const ephemerals = new Map<string, EphemeralSql>();
  const ephemeralReads = (names: string[]) =>
    [...new Set(names)].filter((name) => {
      const draft = drafts.get(name);
      return draft !== undefined && isEphemeral(draft);
    });
  for (const draft of drafts.values()) {
    const self = new Relation(draft.schema, draft.name, draft.relation);
    const reuse = samePass1Relations(draft, self, final);
    const first = reuse ? draft.pass1 : renderTemplate(draft.source, { ...final, self }, []);
    const sql = (first?.sql ?? '').trimEnd();
    if (first?.sql !== undefined) checkStatementBody(draft.source.file, sql, 'model', problems);
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
  for (const draft of drafts.values()) {
    const { sql, incrementalSql } = rendered.get(draft.name) as { sql: string; incrementalSql?: string };
    const refs = draft.pass1?.refs ?? [];
    const reads = isEphemeral(draft) ? [] : ephemeralReads(refs.map((r) => r.args));
    const inlined = inlineEphemerals(sql, reads, ephemerals);
    const inlinedIncremental =
      incrementalSql === undefined ? undefined : inlineEphemerals(incrementalSql, reads, ephemerals);
    const compiledSql = inlined.sql;
    const sourceCalls = draft.pass1?.sources ?? [];
    models.push({
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
      dependsOn: uniqueIds([
        ...refs.flatMap((call) => refId(call.args) ?? []),
        ...sourceCalls
          .map((call) => sourceId(call.args.sourceName, call.args.table))
          .filter((id) => sourceIds.has(id)),
      ]),
      relation: draft.relation,
      rawSql: draft.source.text,
      compiledSql,
      preservesLines: sql.split('\n').length === draft.source.text.trimEnd().split('\n').length,
      ...(inlined.bodyOffset > 0 ? { bodyOffset: inlined.bodyOffset } : {}),
      ...(draft.config.materialized === 'incremental'
        ? {
            incrementalSql: inlinedIncremental?.sql,
            incrementalBodyOffset: inlinedIncremental?.bodyOffset,
            uniqueKey: draft.config.unique_key,
            incrementalStrategy:
              draft.config.incremental_strategy ?? (draft.config.unique_key ? 'merge' : 'append'),
          }
        : {}),
    });
  }

  const graph = projectGraph({ models, seeds, sources });
  const cycle = graph.findCycle();
  if (cycle) problems.push(cycleProblem(cycle, drafts));

  const tests = [
    ...compileGenericTests({
      models,
      seeds,
      seedSpecs: yamls.flatMap((yaml) => yaml.seeds),
      sources,
      specs,
      sourceSpecs: sourceSpecs(yamls),
      scope: final,
      dialect,
      problems,
    }),
    ...compileSingularTests(files.testFiles, final, cycle ? undefined : graph, problems),
  ];
  findDuplicateTests(tests, problems);
  const ephemeralIds = (ids: string[]) =>
    ephemeralReads(ids.filter((id) => id.startsWith('model.')).map((id) => id.slice(6)));
  for (const test of tests) {
    test.storeFailures ??= projectConfig.storeFailures;
    const inlined = inlineEphemerals(test.compiledSql, ephemeralIds(test.dependsOn), ephemerals);
    test.compiledSql = inlined.sql;
    if (inlined.bodyOffset > 0) test.bodyOffset = inlined.bodyOffset;
  }
  const analyses = files.analysisFiles.map((file) => compileAnalysis(file, final, problems));
  for (const analysis of analyses) {
    analysis.compiledSql = inlineEphemerals(
      analysis.compiledSql,
      ephemeralIds(analysis.dependsOn),
      ephemerals,
    ).sql;
  }
  const unitTests = compileUnitTests({
    specs: yamls.flatMap((yaml) => yaml.unitTests),
    models: new Map(
      [...drafts.values()].map((draft): [string, UnitTestModel] => [
        draft.name,
        { source: draft.source, columns: draft.spec?.columns ?? [] },
      ]),
    ),
    declaredColumns: declaredColumns(models, seeds, sources),
    scope: final,
    dialect,
    problems,
  });
  if (problems.length > 0) throw new CompileError(sortProblems(problems));
  return {
    name: projectConfig.name,
    dir: files.dir,
    models: sortByName(models),
    seeds: sortByName(seeds),
    sources,
    tests,
    unitTests,
    analyses,
    storeFailuresSchema: projectConfig.storeFailuresSchema,
    dialect: dialect.name,
    macroFiles: files.macroFiles ?? [],
  };
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

/** merge and delete+insert match rows on unique_key: without one they cannot work. */
function checkIncrementalConfig(draft: Draft, problems: CompileProblem[]): void {
  const strategy = draft.config.incremental_strategy;
  if (strategy && strategy !== 'append' && !draft.config.unique_key) {
    problems.push({
      file: draft.source.file,
      line: draft.pass1?.configs[0]?.line ?? 1,
      problem: `incremental_strategy '${strategy}' needs a unique_key to match new rows with existing ones`,
      fix: "Add unique_key='<key column>' to the config, or use incremental_strategy='append'.",
    });
  }
}

/** Declared column types of every input a unit test can replace (typing its fixture rows). */
function declaredColumns(models: ModelNode[], seeds: SeedNode[], sources: SourceTableNode[]) {
  const declared = new Map<string, Array<{ name: string; type?: string }>>();
  for (const model of models)
    declared.set(
      `ref:${model.name}`,
      model.columns.map((c) => ({ name: c.name, type: c.dataType })),
    );
  for (const seed of seeds)
    declared.set(
      `ref:${seed.name}`,
      seed.columns.map((c) => ({ name: c.name, type: c.type })),
    );
  for (const source of sources)
    declared.set(
      `source:${source.sourceName}.${source.name}`,
      source.columns.map((c) => ({ name: c.name, type: c.dataType })),
    );
  return declared;
}

/** Names the whole cycle, and for each step the file and line of the ref() that makes it. */
function cycleProblem(cycle: string[], drafts: Map<string, Draft>): CompileProblem {
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

function sourceSpecs(yamls: Array<{ sources: SourceTableSpec[] }>): SourceTableSpec[] {
  return yamls.flatMap((yaml) => yaml.sources);
}

function setRelation(
  draft: Draft,
  dialect: Dialect,
  problems: CompileProblem[],
  schemaName: (schema: string) => string,
): void {
  draft.schema = schemaName(draft.config.schema ?? draft.layer);
  const bad =
    identifierProblem(dialect, draft.name, 'model name') ??
    identifierProblem(dialect, draft.schema, 'schema');
  if (bad) {
    if (!problems.some((p) => p.file === draft.source.file && p.problem === bad.problem)) {
      problems.push({ file: draft.source.file, line: 1, ...bad });
    }
    draft.relation = `"${draft.schema}"."${draft.name}"`;
    return;
  }
  draft.relation = dialect.relation(draft.schema, draft.name);
}

function compileSources(
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

function compileAnalysis(
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

function sortByName<T extends { name: string }>(nodes: T[]): T[] {
  return [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
