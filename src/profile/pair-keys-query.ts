import type { Dialect } from '../warehouse/dialect';
import { groupingMask } from './key-search';

const MAX_GROUPING_ARGS = 31;

/**
 * Counts the distinct combinations of every pair in one scan (grouping sets), so a pair is a key
 * when its count equals the row count (the pairs were chosen among columns without nulls).
 * Result rows: `set_id` (the grouping() mask, see `masks`, which also lists the pairs tested) and
 * `groups`.
 */
export function pairKeysQuery(
  dialect: Dialect,
  schema: string,
  table: string,
  pairs: readonly (readonly [string, string])[],
): { sql: string; masks: Map<number, [string, string]> } {
  // grouping() takes at most 31 arguments: pairs beyond that many columns are left out.
  const tested: (readonly [string, string])[] = [];
  const args: string[] = [];
  for (const pair of pairs) {
    const added = pair.filter((name) => !args.includes(name));
    if (args.length + added.length > MAX_GROUPING_ARGS) continue;
    args.push(...added);
    tested.push(pair);
  }
  const q = (name: string) => dialect.quoteIdentifier(name);
  const masks = new Map<number, [string, string]>();
  for (const [a, b] of tested) masks.set(groupingMask(args, [a, b]), [a, b]);
  const sets = tested.map(([a, b]) => `(${q(a)}, ${q(b)})`).join(', ');
  const sql = `select set_id, count(*) as groups
  from (select grouping(${args.map(q).join(', ')}) as set_id
          from ${dialect.relation(schema, table)}
         group by grouping sets (${sets})) g
 group by set_id`;
  return { sql, masks };
}
