import type { TestNode } from '../models';

export type ModelKeys = {
  /** Columns tested both `unique` and `not_null`, in the order given. */
  primaryKey: string[];
  foreignKeys: { column: string; references: string; referencedColumn: string; test: string }[];
};

/**
 * A model's keys as its YAML data tests declare them: a column tested `unique` and `not_null` is
 * a key; a `relationships` test (`to: ref('dim_customers')`, `field`) is a foreign key.
 */
export function modelKeys(columns: readonly string[], tests: readonly TestNode[]): ModelKeys {
  const tested = (name: string) =>
    new Set(tests.filter((t) => t.testName === name && t.columnName).map((t) => t.columnName as string));
  const unique = tested('unique');
  const notNull = tested('not_null');
  const foreignKeys = tests.flatMap((test) => {
    if (test.testName !== 'relationships' || !test.columnName) return [];
    const to = String(test.kwargs?.to ?? '');
    const references = /ref\(\s*['"]([^'"]+)['"]\s*\)/.exec(to)?.[1];
    const referencedColumn = test.kwargs?.field;
    if (!references || typeof referencedColumn !== 'string') return [];
    return [{ column: test.columnName, references, referencedColumn, test: test.name }];
  });
  return {
    primaryKey: columns.filter((c) => unique.has(c) && notNull.has(c)),
    foreignKeys,
  };
}
