import type { Materialization } from './compiled-project';
import { didYouMean } from './did-you-mean';

/** One level of model config (a folder in project.yml, a model's YAML, a `config()` call). */
export interface ModelConfigLayer {
  materialized?: Materialization;
  schema?: string;
  tags?: string[];
}

export const MATERIALIZATIONS: readonly Materialization[] = ['view', 'table'];
const PLANNED_MATERIALIZATIONS = ['ephemeral', 'incremental'];
const MODEL_CONFIG_KEYS = ['materialized', 'schema', 'tags'];

export type ReportProblem = (problem: string, fix: string) => void;

/**
 * Reads a config mapping (`+key` is accepted as in dbt_project.yml). Unknown keys and bad values
 * are reported, not thrown, so every problem of the project shows at once.
 */
export function readModelConfig(raw: Record<string, unknown>, report: ReportProblem): ModelConfigLayer {
  const layer: ModelConfigLayer = {};
  for (const [rawKey, value] of Object.entries(raw)) {
    const key = rawKey.replace(/^\+/, '');
    if (key === 'materialized') {
      const materialized = readMaterialized(value, report);
      if (materialized) layer.materialized = materialized;
    } else if (key === 'schema') {
      if (typeof value === 'string' && value !== '') layer.schema = value;
      else
        report(`config schema must be a schema name, got ${JSON.stringify(value)}`, 'Write schema: <name>.');
    } else if (key === 'tags') {
      const tags = readTags(value, report);
      if (tags) layer.tags = tags;
    } else {
      report(
        `unknown model config "${rawKey}".${didYouMean(key, MODEL_CONFIG_KEYS)}`,
        `Use one of ${MODEL_CONFIG_KEYS.join(', ')}, or remove it.`,
      );
    }
  }
  return layer;
}

export function isModelConfigKey(key: string): boolean {
  return MODEL_CONFIG_KEYS.includes(key.replace(/^\+/, ''));
}

/** Later layers win; tags add up from every layer, as in dbt. */
export function mergeModelConfig(layers: ModelConfigLayer[]): ModelConfigLayer {
  const merged: ModelConfigLayer = {};
  const tags = new Set<string>();
  for (const layer of layers) {
    if (layer.materialized) merged.materialized = layer.materialized;
    if (layer.schema) merged.schema = layer.schema;
    for (const tag of layer.tags ?? []) tags.add(tag);
  }
  merged.tags = [...tags].sort();
  return merged;
}

function readMaterialized(value: unknown, report: ReportProblem): Materialization | undefined {
  if (typeof value === 'string' && (MATERIALIZATIONS as readonly string[]).includes(value)) {
    return value as Materialization;
  }
  if (typeof value === 'string' && PLANNED_MATERIALIZATIONS.includes(value)) {
    report(`materialized "${value}" is not supported yet`, `Use ${MATERIALIZATIONS.join(' or ')} for now.`);
    return undefined;
  }
  report(
    `materialized must be ${MATERIALIZATIONS.join(' or ')}, got ${JSON.stringify(value)}.${typeof value === 'string' ? didYouMean(value, MATERIALIZATIONS) : ''}`,
    `Write materialized: ${MATERIALIZATIONS.join(' | ')}.`,
  );
  return undefined;
}

export function readTags(value: unknown, report: ReportProblem): string[] | undefined {
  const tags = typeof value === 'string' ? [value] : value;
  if (Array.isArray(tags) && tags.every((tag) => typeof tag === 'string' && tag !== '')) return tags;
  report(
    `tags must be a name or a list of names, got ${JSON.stringify(value)}`,
    'Write tags: [daily, finance].',
  );
  return undefined;
}
