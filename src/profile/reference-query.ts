import type { Dialect } from '../warehouse/dialect';
import type { ReferenceCandidate } from './reference-candidates';

/** How many orphan values a relationship quotes. */
export const ORPHAN_EXAMPLES = 5;

/**
 * Coverage of one candidate reference: the source scanned once and left-joined to the key
 * (`non_null`, `orphan_rows`). A key proven unique by the data is joined as is; a declared key
 * that has duplicates goes through `distinct` so no row is counted twice. No DISTINCT aggregate
 * here, so PostgreSQL can run it as a parallel hash join.
 */
export function referenceQuery(dialect: Dialect, schema: string, candidate: ReferenceCandidate): string {
  const q = (name: string) => dialect.quoteIdentifier(name);
  const value = `${q('a')}.${q(candidate.fromColumn)}`;
  const key = q(candidate.toColumn);
  const target = dialect.relation(schema, candidate.toTable);
  const keys = candidate.toUnique
    ? `(select ${key} as ${q('v')} from ${target})`
    : `(select distinct ${key} as ${q('v')} from ${target} where ${key} is not null)`;
  return `select count(${value}) as non_null, count(${value}) - count(${q('k')}.${q('v')}) as orphan_rows
  from ${dialect.relation(schema, candidate.fromTable)} ${q('a')}
  left join ${keys} ${q('k')} on ${q('k')}.${q('v')} = ${value}`;
}

/**
 * For a reference with orphans: how many distinct values are missing (`orphan_values`) and the
 * smallest few of them (`examples`).
 */
export function orphanQuery(dialect: Dialect, schema: string, candidate: ReferenceCandidate): string {
  const q = (name: string) => dialect.quoteIdentifier(name);
  const value = `${q('a')}.${q(candidate.fromColumn)}`;
  return `with ${q('o')} as (
  select distinct ${value}::text as ${q('value')}
    from ${dialect.relation(schema, candidate.fromTable)} ${q('a')}
   where ${value} is not null
     and not exists (select 1 from ${dialect.relation(schema, candidate.toTable)} ${q('b')} where ${q('b')}.${q(candidate.toColumn)} = ${value})
)
select (select count(*) from ${q('o')}) as orphan_values,
       (select array_agg(${q('value')}) from (select ${q('value')} from ${q('o')} order by 1 limit ${ORPHAN_EXAMPLES}) ${q('e')}) as examples`;
}

/**
 * How many of a few known values of the source column exist in the key (`found`): a cheap probe
 * before a full coverage query for candidates that only the values suggest. Values are a bind
 * parameter (`$1`, text[]).
 */
export function probeQuery(dialect: Dialect, schema: string, candidate: ReferenceCandidate): string {
  const key = dialect.quoteIdentifier(candidate.toColumn);
  return `select count(distinct ${key}) as found from ${dialect.relation(schema, candidate.toTable)} where ${key}::text = any($1::text[])`;
}
