/**
 * Keys dbt accepts in its property YAML files that we read without implementing (dbt-core's
 * resource schemas): they are accepted, so a dbt project's YAML is never a compile error, and change
 * nothing here. Typos of our own keys are still reported (did-you-mean) since these lists are exact.
 */
export const DBT_IGNORED_TOP_KEYS = [
  'saved_queries',
  'exposures',
  'groups',
  'analyses',
  'macros',
  'data_tests',
];
export const DBT_MODEL_KEYS = [
  'meta',
  'docs',
  'access',
  'group',
  'constraints',
  'versions',
  'latest_version',
  'deprecation_date',
  'time_spine',
];
export const DBT_COLUMN_KEYS = ['meta', 'tags', 'constraints', 'policy_tags', 'granularity', 'config'];
export const DBT_SOURCE_KEYS = [
  'loader',
  'loaded_at_field',
  'freshness',
  'meta',
  'tags',
  'quoting',
  'overrides',
  'config',
];
export const DBT_TABLE_KEYS = [
  'loaded_at_field',
  'freshness',
  'meta',
  'tags',
  'quoting',
  'external',
  'config',
];
/** dbt model configs without an effect here (dbt-core's NodeConfig and the adapters' own). */
export const DBT_CONFIG_KEYS = [
  'alias',
  'database',
  'persist_docs',
  'post-hook',
  'pre-hook',
  'post_hook',
  'pre_hook',
  'full_refresh',
  'meta',
  'docs',
  'contract',
  'grants',
  'on_schema_change',
  'on_configuration_change',
  'access',
  'group',
  'packages',
  'quoting',
  'column_types',
  'quote_columns',
  'delimiter',
  'sql_header',
  'indexes',
  'unlogged',
  'backup',
  'bind',
  'sort_type',
  'event_time',
  'batch_size',
  'lookback',
  'begin',
  'concurrent_batches',
  'labels',
];
