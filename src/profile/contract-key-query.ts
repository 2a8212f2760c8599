import type { Dialect } from '../warehouse/dialect';

/** How many duplicated key values a finding quotes. */
export const KEY_EXAMPLES = 5;

/**
 * How a declared key holds up: rows with a null key column (`null_rows`), key values found on
 * more than one row (`duplicate_values`), the rows carrying them (`duplicate_rows`) and the most
 * repeated values (`examples`, composite values joined with ", ").
 */
export function contractKeyQuery(
  dialect: Dialect,
  schema: string,
  table: string,
  key: readonly string[],
): string {
  const relation = dialect.relation(schema, table);
  const columns = key.map((c) => dialect.quoteIdentifier(c));
  const anyNull = columns.map((c) => `${c} is null`).join(' or ');
  const allPresent = columns.map((c) => `${c} is not null`).join(' and ');
  const asText = columns.map((c) => `${c}::text`).join(', ');
  return `with d as (
  select concat_ws(', ', ${asText}) as value, count(*) as n
    from ${relation} where ${allPresent} group by ${columns.join(', ')} having count(*) > 1
)
select (select count(*) from ${relation} where ${anyNull}) as null_rows,
       (select count(*) from d) as duplicate_values,
       (select coalesce(sum(n), 0) from d) as duplicate_rows,
       (select array_agg(value) from (select value from d order by n desc, value limit ${KEY_EXAMPLES}) e) as examples`;
}
