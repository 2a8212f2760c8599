import type { IncrementalStrategy, Materialization } from './compiled-project';
import { DBT_CONFIG_KEYS } from './dbt-yaml-keys';
import { didYouMean } from './did-you-mean';

/** One level of model config (a folder in project.yml, a model's YAML, a `config()` call). */
export interface ModelConfigLayer {
  materialized?: Materialization;
  schema?: string;
  tags?: string[];
  /** Redshift: `dist='order_id'` (DISTKEY) or `all`, `even`, `auto` (DISTSTYLE), as dbt-redshift. */
  dist?: string;
  /** Redshift: the SORTKEY columns, `sort='ordered_at'` or `sort=['store_id', 'ordered_at']`. */
  sort?: string[];
  /** Incremental models: the column(s) new rows are matched on. */
  unique_key?: string[];
  incremental_strategy?: IncrementalStrategy;
  /** `enabled: false` leaves the node out of the project (dbt). */
  enabled?: boolean;
  /** dbt's alias: the relation's name instead of the model's. */
  alias?: string;
}

export const MATERIALIZATIONS: readonly Materialization[] = ['view', 'table', 'incremental', 'ephemeral'];
export const INCREMENTAL_STRATEGIES: readonly IncrementalStrategy[] = ['merge', 'delete+insert', 'append'];
const MODEL_CONFIG_KEYS = [
  'enabled',
  'materialized',
  'schema',
  'tags',
  'dist',
  'sort',
  'unique_key',
  'incremental_strategy',
  'alias',
];
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/;

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
    } else if (key === 'unique_key') {
      const keys = typeof value === 'string' ? [value] : value;
      if (
        Array.isArray(keys) &&
        keys.length > 0 &&
        keys.every((k) => typeof k === 'string' && COLUMN_NAME.test(k))
      ) {
        layer.unique_key = keys as string[];
      } else {
        report(
          `unique_key must be a column name or a list of them, got ${JSON.stringify(value)}`,
          "Write unique_key='order_id' (or unique_key=['order_id', 'line']).",
        );
      }
    } else if (key === 'incremental_strategy') {
      if ((INCREMENTAL_STRATEGIES as readonly unknown[]).includes(value)) {
        layer.incremental_strategy = value as IncrementalStrategy;
      } else {
        report(
          `incremental_strategy must be ${INCREMENTAL_STRATEGIES.join(', ')}, got ${JSON.stringify(value)}`,
          "Write incremental_strategy='merge' (an upsert on unique_key) or 'delete+insert'.",
        );
      }
    } else if (key === 'dist') {
      if (typeof value === 'string' && COLUMN_NAME.test(value)) layer.dist = value;
      else
        report(
          `config dist must be a column name or all, even, auto, got ${JSON.stringify(value)}`,
          'Write dist: order_id (DISTKEY) or dist: all (DISTSTYLE ALL), as in dbt-redshift.',
        );
    } else if (key === 'sort') {
      const sort = typeof value === 'string' ? [value] : value;
      if (
        Array.isArray(sort) &&
        sort.length > 0 &&
        sort.every((c) => typeof c === 'string' && COLUMN_NAME.test(c))
      )
        layer.sort = sort;
      else
        report(
          `config sort must be a column name or a list of them, got ${JSON.stringify(value)}`,
          'Write sort: ordered_at or sort: [store_id, ordered_at].',
        );
    } else if (key === 'alias') {
      if (typeof value === 'string' && value !== '') layer.alias = value;
      else
        report(
          `config alias must be a relation name, got ${JSON.stringify(value)}`,
          "Write alias='orders_v2'.",
        );
    } else if (key === 'enabled') {
      if (typeof value === 'boolean') layer.enabled = value;
      else
        report(`config enabled must be true or false, got ${JSON.stringify(value)}`, 'Write enabled: false.');
    } else if (DBT_CONFIG_KEYS.includes(key)) {
      // A dbt config this runner does not implement (alias, persist_docs, contract…): accepted, no effect.
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
    if (layer.dist) merged.dist = layer.dist;
    if (layer.sort) merged.sort = layer.sort;
    if (layer.unique_key) merged.unique_key = layer.unique_key;
    if (layer.incremental_strategy) merged.incremental_strategy = layer.incremental_strategy;
    if (layer.enabled !== undefined) merged.enabled = layer.enabled;
    if (layer.alias) merged.alias = layer.alias;
    for (const tag of layer.tags ?? []) tags.add(tag);
  }
  merged.tags = [...tags].sort();
  return merged;
}

function readMaterialized(value: unknown, report: ReportProblem): Materialization | undefined {
  if (typeof value === 'string' && (MATERIALIZATIONS as readonly string[]).includes(value)) {
    return value as Materialization;
  }
  report(
    `materialized must be ${MATERIALIZATIONS.join(', ')}, got ${JSON.stringify(value)}.${typeof value === 'string' ? didYouMean(value, MATERIALIZATIONS) : ''}`,
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
