/** Unique ids of the project's nodes (dbt's shape, without the project name). */
export const modelId = (name: string): string => `model.${name}`;
export const sourceId = (sourceName: string, table: string): string => `source.${sourceName}.${table}`;
export const testId = (name: string): string => `test.${name}`;
export const seedId = (name: string): string => `seed.${name}`;
export const unitTestId = (model: string, name: string): string => `unit_test.${model}.${name}`;

/** Sorted, without duplicates. */
export function uniqueIds(ids: string[]): string[] {
  return [...new Set(ids)].sort();
}
