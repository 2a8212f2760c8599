import { basename } from 'node:path';
import type { Dag } from '../graph/dag';
import { type Dialect, PostgresDialect } from '../warehouse/dialect';
import { compileAnalysis } from './compile-analyses';
import { CompileError, type CompileProblem, sortProblems } from './compile-error';
import { compileMacros, templateGlobals } from './compile-macros';
import { type CompiledModels, compileModels, cycleProblem, type ModelContext } from './compile-models';
import { compileSeeds } from './compile-seeds';
import { compileSources } from './compile-sources';
import { compileGenericTests, compileSingularTests, findDuplicateTests } from './compile-tests';
import { compileUnitTests, type UnitTestModel } from './compile-unit-tests';
import type {
  CompiledProject,
  ModelNode,
  ProjectNode,
  SeedNode,
  SourceTableNode,
  TestNode,
  UnitTestNode,
} from './compiled-project';
import { type DbtCompileOptions, dbtInputRelation, prepareDbtProject } from './dbt-compile';
import { findGenericTests, genericTestDefinitions } from './dbt-generic-tests';
import { setRuntimeCompiler } from './dbt-runtime';
import { type DbtSchemaName, type Draft, draftModels } from './model-drafts';
import { type ProjectConfig, readProjectConfig } from './project-config';
import type { ProjectFiles } from './project-files';
import { projectGraph } from './project-graph';
import { type ModelSpec, readSchemaYaml, type SchemaYaml } from './schema-yaml';

export interface CompileOptions extends DbtCompileOptions {
  /** Quotes relations (default PostgreSQL; Redshift quotes the same way). */
  dialect?: Dialect;
  /**
   * Renames every schema the project builds into or reads from (models, seeds, sources), like
   * dbt's generate_schema_name: `diff` builds a whole project into a scratch schema with it.
   */
  schemaName?: (schema: string) => string;
}

/**
 * Compiles the SQL project (pure: files in, nodes out). Every problem is collected, with its file
 * and line, and thrown together as one CompileError; nothing is returned while any remains.
 *
 * By resource, as dbt's parser: the project's settings, YAML and macros; then seeds, sources and
 * models (compile-models.ts renders the models twice: first recording each one's dependencies
 * and `config()`, then with every relation final); then tests, analyses and unit tests, which
 * render in the models' final scope.
 */
export function compileProject(projectFiles: ProjectFiles, options: CompileOptions = {}): CompiledProject {
  const dialect = options.dialect ?? new PostgresDialect();
  const schemaName = options.schemaName ?? ((schema: string) => schema);
  const problems: CompileProblem[] = [];
  const setup = readProjectSetup(projectFiles, dialect, options, problems);
  const { dbt, files, projectConfig, yamls } = setup;
  const context: ModelContext = {
    dialect,
    problems,
    schemaName,
    dbtSchemaName: setup.dbtSchemaName,
    globals: setup.globals,
  };
  const built = compileBuildNodes(setup, context);
  const { models, seeds, sources, scope: final, inline, compileAtRunTime } = built;
  const tests = compileProjectTests(setup, built, context);
  const analyses = files.analysisFiles.map((file) => compileAnalysis(file, final, problems));
  for (const analysis of analyses) {
    analysis.compiledSql = inline(analysis.compiledSql, modelNames(analysis.dependsOn)).sql;
  }
  const unitTests = compileProjectUnitTests(setup, built, context);
  if (problems.length > 0) throw new CompileError(sortProblems(problems));
  const compiled: CompiledProject = {
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
    notes: [...(dbt?.context.notes ?? []), ...yamls.flatMap((yaml) => yaml.notes)],
  };
  setRuntimeCompiler(compiled, compileAtRunTime);
  return compiled;
}

/** What every resource is compiled with: the project's files, settings, YAML and template globals. */
interface ProjectSetup {
  /** Set for a dbt project (dbt_project.yml): its own config, context and schema naming (dbt-compile.ts). */
  dbt: ReturnType<typeof prepareDbtProject>;
  files: ProjectFiles;
  projectConfig: ProjectConfig;
  yamls: SchemaYaml[];
  globals: ModelContext['globals'];
  dbtSchemaName: DbtSchemaName | undefined;
}

function readProjectSetup(
  projectFiles: ProjectFiles,
  dialect: Dialect,
  options: CompileOptions,
  problems: CompileProblem[],
): ProjectSetup {
  const dbt = prepareDbtProject(projectFiles, dialect.name, options, problems);
  const files = dbt?.files ?? projectFiles;
  const projectConfig = dbt?.config ?? readProjectConfig(files.projectFile, basename(files.dir), problems);
  for (const stray of files.strayFiles) {
    problems.push({
      file: stray.file,
      line: 1,
      problem: 'a .sql file directly in the project folder belongs to no layer',
      fix: 'Move it into a layer folder (staging/, intermediate/, marts/), tests/ or analysis/.',
    });
  }
  const installed = files.dbt?.installed ?? [];
  const packageMacros =
    dbt?.context.usePackages(installed, (packageFiles, packageGlobals) =>
      compileMacros(packageFiles, dialect.name, problems, packageGlobals),
    ) ?? {};
  // A dbt project's own generic tests ({% test %}), and its installed packages' (pkg.name in YAML).
  const projectMacros: Record<string, unknown> = {};
  const genericTests = dbt
    ? genericTestDefinitions(
        [
          ...findGenericTests(files.macroFiles ?? []),
          ...installed.flatMap((p) => findGenericTests(p.files, p.name)),
        ],
        (test) =>
          (test.package ? packageMacros[test.package]?.[test.macro] : projectMacros[test.macro]) as never,
        problems,
      )
    : undefined;
  const yamls = files.yamlFiles.map((file) => readSchemaYaml(file, problems, genericTests));
  const macros = compileMacros(files.macroFiles ?? [], dialect.name, problems, dbt?.context.globals);
  Object.assign(projectMacros, dbt ? dbt.context.useMacros(macros, files.macroFiles ?? []) : macros);
  const globals = { ...templateGlobals(dialect.name), ...dbt?.context.globals, ...projectMacros };
  if (dbt) projectConfig.seedSchema = dbt.context.schemaName(dbt.seedCustomSchema, 'seed', '');
  const dbtSchemaName =
    dbt && ((custom: string | undefined, name: string) => dbt.context.schemaName(custom, 'model', name));
  return { dbt, files, projectConfig, yamls, globals, dbtSchemaName };
}

/** Seeds, sources and models: the nodes that become relations, with their graph checked for a cycle. */
interface BuildNodes extends CompiledModels {
  seeds: SeedNode[];
  sources: SourceTableNode[];
  drafts: Map<string, Draft>;
  specs: Map<string, ModelSpec>;
  graph: Dag<ProjectNode>;
  cycle: string[] | undefined;
}

function compileBuildNodes(setup: ProjectSetup, context: ModelContext): BuildNodes {
  const { files, projectConfig, yamls } = setup;
  const { dialect, problems, schemaName } = context;
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
  const modelSpecs = yamls.flatMap((yaml) => yaml.models);
  const { drafts, specs } = draftModels(files.modelFiles, modelSpecs, seeds, projectConfig, context);
  const compiled = compileModels(drafts, seeds, sources, context);
  // Models a config(enabled=false) in their SQL left out take their YAML descriptions along.
  for (const name of compiled.disabled) specs.delete(name);
  const graph = projectGraph({ models: compiled.models, seeds, sources });
  const cycle = graph.findCycle();
  if (cycle) problems.push(cycleProblem(cycle, drafts));
  return { ...compiled, seeds, sources, drafts, specs, graph, cycle };
}

/** Generic and singular tests, with the project's store_failures default and ephemerals inlined. */
function compileProjectTests(setup: ProjectSetup, built: BuildNodes, context: ModelContext): TestNode[] {
  const { files, projectConfig, yamls } = setup;
  const { models, seeds, sources, specs, scope: final, inline, graph, cycle } = built;
  const { dialect, problems } = context;
  const tests = [
    ...compileGenericTests({
      models,
      seeds,
      seedSpecs: yamls.flatMap((yaml) => yaml.seeds),
      sources,
      specs,
      sourceSpecs: yamls.flatMap((yaml) => yaml.sources),
      scope: final,
      dialect,
      problems,
    }),
    ...compileSingularTests(files.testFiles, final, cycle ? undefined : graph, problems),
  ];
  findDuplicateTests(tests, problems);
  for (const test of tests) {
    test.storeFailures ??= projectConfig.storeFailures;
    const inlined = inline(test.compiledSql, modelNames(test.dependsOn));
    test.compiledSql = inlined.sql;
    if (inlined.bodyOffset > 0) test.bodyOffset = inlined.bodyOffset;
  }
  return tests;
}

function compileProjectUnitTests(
  setup: ProjectSetup,
  built: BuildNodes,
  context: ModelContext,
): UnitTestNode[] {
  const { dbt, yamls } = setup;
  const { models, seeds, sources, drafts, scope: final } = built;
  const { dialect, problems } = context;
  return compileUnitTests({
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
    ...(dbt && dialect.name === 'postgres'
      ? { inputRelation: dbtInputRelation(models, seeds, sources) }
      : {}),
  });
}

/** The model names among node ids (`model.<name>`): what ephemeral inlining looks up. */
function modelNames(ids: string[]): string[] {
  return ids.filter((id) => id.startsWith('model.')).map((id) => id.slice(6));
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

function sortByName<T extends { name: string }>(nodes: T[]): T[] {
  return [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
