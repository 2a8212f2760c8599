/** Prefixes that layer names put in front of the entity (raw_orders, stg_orders, dim_customers…). */
const LAYER_PREFIX = /^(raw|src|stg|int|dim|fct|fact|tbl)_/;

/**
 * The singular entity a table holds, from its name: raw_orders → order, raw_supplies → supply,
 * stg_addresses → address. Used for reference heuristics and for wording findings.
 */
export function entityName(table: string): string {
  const base = table.toLowerCase().replace(LAYER_PREFIX, '');
  if (/[^aeiou]ies$/.test(base)) return `${base.slice(0, -3)}y`;
  if (/(ss|x|ch|sh)es$/.test(base)) return base.slice(0, -2);
  // status, analysis, address stay as they are.
  if (/[^su]s$/.test(base) && !/is$/.test(base)) return base.slice(0, -1);
  return base;
}
