import { isMap, type Node, type YAMLMap } from 'yaml';
import type { CompileProblem } from './compile-error';
import { isModelConfigKey, type ModelConfigLayer, readModelConfig } from './model-config';
import type { SourceFile } from './project-files';
import { YamlFile } from './yaml-file';

export interface ProjectConfig {
  name: string;
  /** Config by folder path relative to the project (`marts`, `marts/finance`). */
  folders: Map<string, ModelConfigLayer>;
  /** `seeds: { schema: … }` (default `seeds`). */
  seedSchema: string;
  /** `data_tests: { store_failures: true, schema: … }`: keep every failing test's rows. */
  storeFailures: boolean;
  storeFailuresSchema: string;
}

const PROJECT_KEYS = ['name', 'models', 'seeds', 'data_tests'];

/**
 * Reads project.yml: the project name and folder defaults. Under `models:`, a key that is a config
 * key applies to that folder; any other key whose value is a mapping is a subfolder.
 */
export function readProjectConfig(
  source: SourceFile | undefined,
  fallbackName: string,
  problems: CompileProblem[],
): ProjectConfig {
  const config: ProjectConfig = {
    name: fallbackName,
    folders: new Map(),
    seedSchema: 'seeds',
    storeFailures: false,
    storeFailuresSchema: 'test_failures',
  };
  if (!source) return config;
  const yaml = new YamlFile(source, problems);
  if (yaml.root === undefined) return config;
  const root = yaml.asMap(yaml.root, 'project.yml');
  if (!root) return config;
  for (const { key, node } of yaml.keys(root)) {
    if (!PROJECT_KEYS.includes(key)) {
      yaml.problem(
        node,
        `unknown key "${key}" in project.yml`,
        `Use ${PROJECT_KEYS.join(', ')}, or remove it.`,
      );
    }
  }
  config.name = yaml.asString(yaml.get(root, 'name'), 'name') ?? fallbackName;
  const models = yaml.get(root, 'models');
  if (models !== undefined) {
    const map = yaml.asMap(models, 'models');
    if (map) readFolder(yaml, map, '', config.folders);
  }
  const seeds = yaml.get(root, 'seeds');
  const seedMap = seeds === undefined ? undefined : yaml.asMap(seeds, 'seeds');
  if (seedMap) {
    for (const { key, node } of yaml.keys(seedMap)) {
      if (key.replace(/^\+/, '') === 'schema')
        config.seedSchema = yaml.asString(yaml.get(seedMap, key), 'schema') ?? 'seeds';
      else
        yaml.problem(
          node,
          `unknown key "${key}" under seeds:`,
          'Use schema: (the column types of a seed go in its YAML).',
        );
    }
  }
  const tests = yaml.get(root, 'data_tests');
  const testMap = tests === undefined ? undefined : yaml.asMap(tests, 'data_tests');
  if (testMap) {
    for (const { key, node } of yaml.keys(testMap)) {
      const value = yaml.plain(yaml.get(testMap, key));
      const name = key.replace(/^\+/, '');
      if (name === 'store_failures' && typeof value === 'boolean') config.storeFailures = value;
      else if (name === 'schema' && typeof value === 'string' && value !== '')
        config.storeFailuresSchema = value;
      else
        yaml.problem(
          node,
          `data_tests: ${key} must be store_failures: true|false or schema: <name>`,
          'Write data_tests: { store_failures: true, schema: test_failures }.',
        );
    }
  }
  return config;
}

function readFolder(
  yaml: YamlFile,
  map: YAMLMap,
  folder: string,
  folders: Map<string, ModelConfigLayer>,
): void {
  const own: Record<string, unknown> = {};
  const ownNodes = new Map<string, Node>();
  for (const { key, node } of yaml.keys(map)) {
    const value = yaml.get(map, key);
    if (isModelConfigKey(key) || !isMap(value)) {
      own[key] = yaml.plain(value);
      ownNodes.set(key, node);
    } else {
      readFolder(yaml, value, folder ? `${folder}/${key}` : key, folders);
    }
  }
  if (Object.keys(own).length === 0) return;
  const layer: ModelConfigLayer = {};
  for (const [key, value] of Object.entries(own)) {
    Object.assign(
      layer,
      readModelConfig({ [key]: value }, (problem, fix) =>
        yaml.problem(ownNodes.get(key), `${problem} (folder "${folder || '.'}")`, fix),
      ),
    );
  }
  folders.set(folder, layer);
}
