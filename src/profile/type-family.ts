/**
 * What the profiler can do with a column, from its catalog type (information_schema `data_type`):
 * `text` columns get their type inferred from the values, `integer`/`decimal` get quantiles,
 * `boolean` has no min/max in PostgreSQL (bool_and/bool_or instead), `other` types (json,
 * arrays…) are profiled through their text form because they may lack equality or ordering.
 */
export type TypeFamily = 'text' | 'integer' | 'decimal' | 'timestamp' | 'boolean' | 'uuid' | 'other';

const FAMILIES: Record<string, TypeFamily> = {
  text: 'text',
  'character varying': 'text',
  character: 'text',
  smallint: 'integer',
  integer: 'integer',
  bigint: 'integer',
  numeric: 'decimal',
  real: 'decimal',
  'double precision': 'decimal',
  date: 'timestamp',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamp',
  boolean: 'boolean',
  uuid: 'uuid',
};

export function typeFamily(catalogType: string): TypeFamily {
  return FAMILIES[catalogType.toLowerCase()] ?? 'other';
}

/** Columns whose numbers have quantiles. */
export function isNumericFamily(family: TypeFamily): boolean {
  return family === 'integer' || family === 'decimal';
}
