import type { DialectName } from '../warehouse/dialect';
import type { CompileProblem } from './compile-error';
import { DbtContext, type DbtTarget } from './dbt-context';
import { isModelConfigKey, type ModelConfigLayer, readModelConfig } from './model-config';
import type { ProjectConfig } from './project-config';
import type { ProjectFiles, SourceFile } from './project-files';

export interface DbtCompileOptions {
  /** target.name and target.schema (defaults: dev, analytics). */
  target?: Partial<Omit<DbtTarget, 'type'>>;
  /** What env_var() reads (default: process.env). */
  env?: Record<string, string | undefined>;
  /** dbt's --vars, over dbt_project.yml's (default: ETL_DBT_VARS, JSON, which the CLI's --vars sets). */
  vars?: Record<string, unknown>;
}

/**
 * What compileProject needs from a dbt project: its context (globals, schema naming), its config
 * in our ProjectConfig shape, and its files without the disabled models and seeds.
 */
export function prepareDbtProject(
  files: ProjectFiles,
  dialect: DialectName,
  options: DbtCompileOptions,
  problems: CompileProblem[],
):
  | { context: DbtContext; config: ProjectConfig; files: ProjectFiles; seedCustomSchema?: string }
  | undefined {
  if (!files.dbt) return undefined;
  const { settings, packages } = files.dbt;
  problems.push(...files.dbt.problems);
  const context = new DbtContext(
    settings,
    packages,
    {
      type: dialect,
      name: options.target?.name ?? process.env.ETL_TARGET_NAME,
      schema: options.target?.schema ?? process.env.ETL_TARGET_SCHEMA,
    },
    options.env ?? process.env,
    problems,
    options.vars ?? commandLineVars(problems),
  );
  context.notes.push(...settings.ignoredKeys);
  const at = { file: files.projectFile?.file ?? 'dbt_project.yml', line: 1 };
  const layers = (folders: Map<string, Record<string, unknown>>) =>
    folderLayers(folders, context, at, problems);
  const modelFolders = layers(settings.modelFolders);
  const seedFolders = layers(settings.seedFolders);
  const enabled = (path: string, folders: Map<string, ModelConfigLayer>) => {
    const parts = path.split('/').slice(0, -1);
    let on = true;
    for (const folder of ['', ...parts.map((_, i) => parts.slice(0, i + 1).join('/'))]) {
      const value = folders.get(folder)?.enabled;
      if (value !== undefined) on = value;
    }
    return on;
  };
  const keep = (list: SourceFile[] | undefined, folders: Map<string, ModelConfigLayer>) =>
    (list ?? []).filter((file) => enabled(file.path, folders));
  const storeFailures = settings.dataTests.store_failures;
  const config: ProjectConfig = {
    name: settings.name,
    folders: modelFolders,
    // Named by generate_schema_name once the project's macros are read (compileProject).
    seedSchema: '',
    storeFailures: storeFailures === true,
    storeFailuresSchema:
      typeof settings.dataTests.schema === 'string' ? settings.dataTests.schema : 'test_failures',
  };
  return {
    context,
    config,
    seedCustomSchema: seedFolders.get('')?.schema,
    files: {
      ...files,
      modelFiles: keep(files.modelFiles, modelFolders),
      seedFiles: keep(files.seedFiles, seedFolders),
    },
  };
}

/** dbt_project.yml's `+key`s by folder, rendered (`"{{ var('x') }}"`) and read as config layers. */
function folderLayers(
  folders: Map<string, Record<string, unknown>>,
  context: DbtContext,
  at: { file: string; line: number },
  problems: CompileProblem[],
): Map<string, ModelConfigLayer> {
  const result = new Map<string, ModelConfigLayer>();
  for (const [folder, raw] of folders) {
    const rendered: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      try {
        rendered[key] = context.renderValue(value);
      } catch (error) {
        problems.push({
          ...at,
          problem: `${key} of folder "${folder || '.'}": ${(error as Error).message}`,
          fix: 'Correct the template in dbt_project.yml.',
        });
      }
    }
    const known = Object.fromEntries(Object.entries(rendered).filter(([key]) => isModelConfigKey(key)));
    result.set(
      folder,
      readModelConfig(known, (problem, fix) =>
        problems.push({ ...at, problem: `${problem} (folder "${folder || '.'}")`, fix }),
      ),
    );
  }
  return result;
}

/** A unit test input key (`ref:x`, `source:s.t`) → the relation it stands for and its id. */
export function dbtInputRelation(
  models: Array<{ name: string; uniqueId: string; relation: string; materialized: string }>,
  seeds: Array<{ name: string; uniqueId: string; relation: string }>,
  sources: Array<{ sourceName: string; name: string; uniqueId: string; relation: string }>,
): (key: string) => { relation: string; uniqueId: string } | undefined {
  const byKey = new Map<string, { relation: string; uniqueId: string }>();
  // An ephemeral model has no relation to take types from: its fixture is typed by its values.
  for (const model of models) if (model.materialized !== 'ephemeral') byKey.set(`ref:${model.name}`, model);
  for (const seed of seeds) byKey.set(`ref:${seed.name}`, seed);
  for (const source of sources) byKey.set(`source:${source.sourceName}.${source.name}`, source);
  return (key) => byKey.get(key);
}

/** ETL_DBT_VARS (set by the CLI's --vars): a JSON mapping. */
function commandLineVars(problems: CompileProblem[]): Record<string, unknown> {
  const text = process.env.ETL_DBT_VARS;
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  problems.push({
    file: 'ETL_DBT_VARS',
    problem: `ETL_DBT_VARS must be a JSON mapping (what --vars sets), got ${text}`,
    fix: 'Set it to a mapping like \'{"key": "value"}\', or unset it.',
  });
  return {};
}
