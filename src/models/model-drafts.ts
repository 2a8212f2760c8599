import { at } from '../common/at';
import type { Dialect } from '../warehouse/dialect';
import type { CompileProblem } from './compile-error';
import type { SeedNode } from './compiled-project';
import { type ModelConfigLayer, mergeModelConfig } from './model-config';
import type { ProjectConfig } from './project-config';
import { baseName, type SourceFile } from './project-files';
import type { ModelSpec } from './schema-yaml';
import { specsByName } from './specs-by-name';
import { identifierProblem } from './sql-checks';
import type { RenderResult } from './template-renderer';

/** A model on its way to a ModelNode: its file, YAML description, config layers and relation. */
export interface Draft {
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
  /** It read `execute` or called run_query & co.: compiled again just before it runs (dbt-runtime.ts). */
  compiledAtRunTime?: boolean;
}

/**
 * One draft per model file, with its YAML description (each model described once, each
 * description matched by a file) and its relation from the folder and YAML config.
 */
export function draftModels(
  modelFiles: SourceFile[],
  modelSpecs: ModelSpec[],
  seeds: SeedNode[],
  projectConfig: Pick<ProjectConfig, 'folders'>,
  context: {
    dialect: Dialect;
    problems: CompileProblem[];
    schemaName: (schema: string) => string;
    dbtSchemaName?: DbtSchemaName;
  },
): { drafts: Map<string, Draft>; specs: Map<string, ModelSpec> } {
  const { dialect, problems, schemaName, dbtSchemaName } = context;
  const specs = specsByName(
    modelSpecs,
    'model',
    'Keep one description of the model and merge the other into it.',
    problems,
  );

  const drafts = new Map<string, Draft>();
  for (const source of modelFiles) {
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
    const layer = at(source.path.split('/'), 0, 'the first folder of a path');
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
    if (config.enabled === false) {
      specs.delete(name);
      continue;
    }
    const draft: Draft = { source, name, layer, spec, folderLayers, config, schema: '', relation: '' };
    setRelation(draft, dialect, problems, schemaName, dbtSchemaName);
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

  return { drafts, specs };
}

/** A dbt project's generate_schema_name(custom schema, model name) (dbt-context.ts). */
export type DbtSchemaName = (custom: string | undefined, name: string) => string;

/** Sets the draft's schema and relation from its config, or records why they are not valid. */
export function setRelation(
  draft: Draft,
  dialect: Dialect,
  problems: CompileProblem[],
  schemaName: (schema: string) => string,
  dbtSchemaName?: DbtSchemaName,
): void {
  draft.schema = schemaName(
    dbtSchemaName ? dbtSchemaName(draft.config.schema, draft.name) : (draft.config.schema ?? draft.layer),
  );
  const identifier = draft.config.alias ?? draft.name;
  const bad =
    identifierProblem(dialect, draft.name, 'model name') ??
    identifierProblem(dialect, identifier, 'alias') ??
    identifierProblem(dialect, draft.schema, 'schema');
  if (bad) {
    if (!problems.some((p) => p.file === draft.source.file && p.problem === bad.problem)) {
      problems.push({ file: draft.source.file, line: 1, ...bad });
    }
    draft.relation = `"${draft.schema}"."${identifier}"`;
    return;
  }
  draft.relation = dialect.relation(draft.schema, identifier);
}

export /** merge and delete+insert match rows on unique_key: without one they cannot work. */
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
