import { createHash } from 'node:crypto';

/**
 * Fields that say where a node is declared rather than what it is: editing another model's
 * description shifts the lines of a YAML file, which must not make this node "modified".
 */
const LOCATION_FIELDS: ReadonlySet<string> = new Set(['file', 'line', 'declaredAt', 'preservesLines']);

/**
 * A node's checksum for `state:modified`: sha256 of everything that defines it — its raw and
 * compiled SQL, its config (materialization, schema, tags, …), its description, columns and
 * dependencies — with object keys sorted so the same node always gives the same text. dbt hashes
 * the file only and compares configs apart; hashing the compiled SQL too also catches a change that
 * reaches a model from outside its file (a macro, or a ref whose schema moved).
 */
export function nodeChecksum(node: object): string {
  const fields = Object.entries(node).filter(([key]) => !LOCATION_FIELDS.has(key));
  return createHash('sha256')
    .update(stableJson(Object.fromEntries(fields)))
    .digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
