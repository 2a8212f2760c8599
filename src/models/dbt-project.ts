import { isMap, type Node, type YAMLMap } from 'yaml';
import type { CompileProblem } from './compile-error';
import type { DbtProjectSettings } from './dbt-project-settings';
import { isModelConfigKey } from './model-config';
import type { SourceFile } from './project-files';
import { YamlFile } from './yaml-file';

/** The top-level keys of dbt_project.yml that dbt accepts (dbt-core's project schema). */
const DBT_PROJECT_KEYS = [
  'name',
  'version',
  'config-version',
  'profile',
  'model-paths',
  'source-paths',
  'macro-paths',
  'seed-paths',
  'data-paths',
  'test-paths',
  'analysis-paths',
  'snapshot-paths',
  'docs-paths',
  'asset-paths',
  'packages-install-path',
  'target-path',
  'log-path',
  'clean-targets',
  'vars',
  'models',
  'seeds',
  'data_tests',
  'tests',
  'snapshots',
  'sources',
  'semantic-models',
  'saved-queries',
  'metrics',
  'exposures',
  'unit_tests',
  'on-run-start',
  'on-run-end',
  'require-dbt-version',
  'quoting',
  'query-comment',
  'dispatch',
  'restrict-access',
  'flags',
  'dbt-cloud',
];
const USED_KEYS = [
  'name',
  'model-paths',
  'source-paths',
  'macro-paths',
  'seed-paths',
  'data-paths',
  'test-paths',
  'analysis-paths',
  'snapshot-paths',
  'vars',
  'models',
  'seeds',
  'data_tests',
  'tests',
];
/** Keys that change nothing here (paths of dbt's own outputs, versions, the profile name). */
const SILENT_KEYS = [
  'version',
  'config-version',
  'profile',
  'target-path',
  'log-path',
  'clean-targets',
  'packages-install-path',
  'require-dbt-version',
  'dbt-cloud',
  'docs-paths',
  'asset-paths',
];

/** Reads dbt_project.yml; unknown keys are problems, dbt's keys we do not implement are noted. */
export function readDbtProject(source: SourceFile, problems: CompileProblem[]): DbtProjectSettings {
  const settings: DbtProjectSettings = {
    name: 'dbt_project',
    modelPaths: ['models'],
    macroPaths: ['macros'],
    seedPaths: ['seeds'],
    testPaths: ['tests'],
    analysisPaths: ['analyses'],
    snapshotPaths: ['snapshots'],
    vars: {},
    modelFolders: new Map(),
    seedFolders: new Map(),
    dataTests: {},
    ignoredKeys: [],
  };
  const yaml = new YamlFile(source, problems);
  const root = yaml.root === undefined ? undefined : yaml.asMap(yaml.root, 'dbt_project.yml');
  if (!root) return settings;
  for (const { key, node } of yaml.keys(root)) {
    if (!DBT_PROJECT_KEYS.includes(key))
      yaml.problem(
        node,
        `unknown key "${key}" in dbt_project.yml`,
        'dbt does not know it either: remove it or correct its spelling.',
      );
    else if (!USED_KEYS.includes(key) && !SILENT_KEYS.includes(key))
      settings.ignoredKeys.push(`${source.file}:${yaml.line(node)}: "${key}" is not implemented (ignored)`);
  }
  settings.name = yaml.asString(yaml.get(root, 'name'), 'name') ?? settings.name;
  const paths = (keys: string[], fallback: string[]) => {
    for (const key of keys) {
      const value = yaml.plain(yaml.get(root, key));
      if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
        return value.map((item) => item.replace(/\/+$/, ''));
      if (value !== undefined)
        yaml.problem(
          yaml.get(root, key),
          `${key} must be a list of folders`,
          `Write ${key}: ["${fallback[0]}"].`,
        );
    }
    return fallback;
  };
  settings.modelPaths = paths(['model-paths', 'source-paths'], settings.modelPaths);
  settings.macroPaths = paths(['macro-paths'], settings.macroPaths);
  settings.seedPaths = paths(['seed-paths', 'data-paths'], settings.seedPaths);
  settings.testPaths = paths(['test-paths'], settings.testPaths);
  settings.analysisPaths = paths(['analysis-paths'], settings.analysisPaths);
  settings.snapshotPaths = paths(['snapshot-paths'], settings.snapshotPaths);
  const vars = yaml.plain(yaml.get(root, 'vars'));
  if (vars && typeof vars === 'object') {
    for (const [key, value] of Object.entries(vars as Record<string, unknown>)) {
      // A mapping under the project's own name holds vars scoped to it.
      if (key === settings.name && value && typeof value === 'object') Object.assign(settings.vars, value);
      else settings.vars[key] = value;
    }
  }
  settings.modelFolders = readResourceConfig(yaml, root, 'models', settings.name);
  settings.seedFolders = readResourceConfig(yaml, root, 'seeds', settings.name);
  const tests = yaml.plain(yaml.get(root, 'data_tests') ?? yaml.get(root, 'tests'));
  const ownTests = tests && typeof tests === 'object' ? (tests as Record<string, unknown>) : {};
  const scoped = ownTests[settings.name];
  settings.dataTests = Object.fromEntries(
    Object.entries({ ...ownTests, ...(scoped && typeof scoped === 'object' ? scoped : {}) })
      .filter(([key]) => key !== settings.name)
      .map(([key, value]) => [key.replace(/^\+/, ''), value]),
  );
  return settings;
}

/**
 * `models:` / `seeds:`: config keys (`+materialized`, or a bare known key) apply to the folder they
 * sit in; another key holding a mapping is a subfolder. The top level names the project (configs of
 * other packages' nodes do not concern this project and are skipped).
 */
function readResourceConfig(
  yaml: YamlFile,
  root: YAMLMap,
  key: string,
  projectName: string,
): Map<string, Record<string, unknown>> {
  const folders = new Map<string, Record<string, unknown>>();
  const node = yaml.get(root, key);
  if (node === undefined) return folders;
  const map = yaml.asMap(node, key);
  if (!map) return folders;
  const top: Record<string, unknown> = {};
  for (const { key: name } of yaml.keys(map)) {
    const value = yaml.get(map, name);
    if (name === projectName && isMap(value)) readFolder(yaml, value, '', folders);
    else if (isConfigKey(name, value)) top[name.replace(/^\+/, '')] = yaml.plain(value);
  }
  if (Object.keys(top).length > 0) folders.set('', { ...top, ...(folders.get('') ?? {}) });
  return folders;
}

function readFolder(
  yaml: YamlFile,
  map: YAMLMap,
  folder: string,
  folders: Map<string, Record<string, unknown>>,
): void {
  const own: Record<string, unknown> = {};
  for (const { key } of yaml.keys(map)) {
    const value = yaml.get(map, key);
    if (isConfigKey(key, value)) own[key.replace(/^\+/, '')] = yaml.plain(value);
    else readFolder(yaml, value as YAMLMap, folder ? `${folder}/${key}` : key, folders);
  }
  if (Object.keys(own).length > 0) folders.set(folder, own);
}

function isConfigKey(key: string, value: Node | undefined): boolean {
  return key.startsWith('+') || isModelConfigKey(key) || !isMap(value);
}
