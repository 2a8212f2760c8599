import { mapLimit } from '../common/concurrency';
import type { Warehouse } from '../warehouse/warehouse';
import type { BusinessRule } from './business-rules';
import type { Finding, TableProfile } from './profile';

/** How many offending ids a rule's finding quotes. */
const RULE_EXAMPLES = 5;

/**
 * Runs the rules whose tables and columns were profiled, one statement each: the offending rows
 * are counted and the first few ids quoted. A rule that fails (say, a column has another type in
 * this schema) becomes a finding instead of failing the profile.
 */
export async function runBusinessRules(
  warehouse: Pick<Warehouse, 'query' | 'dialect'>,
  schema: string,
  rules: readonly BusinessRule[],
  tables: readonly TableProfile[],
  concurrency: number,
): Promise<Finding[]> {
  const d = warehouse.dialect;
  const sql = {
    rel: (table: string) => d.relation(schema, table),
    col: (name: string) => d.quoteIdentifier(name),
  };
  const runnable = rules.filter((rule) => hasColumns(rule, tables));
  const results = await mapLimit(runnable, concurrency, async (rule): Promise<Finding | null> => {
    try {
      const result = await warehouse.query<{ n: string; examples: string[] | null }>(
        `with bad as (${rule.badRows(sql)})
select (select count(*) from bad) as n,
       (select array_agg(example) from (select example from bad order by example limit ${RULE_EXAMPLES}) e) as examples`,
      );
      const count = Number(result.rows[0]?.n ?? 0);
      if (count === 0) return null;
      return {
        severity: rule.severity,
        code: rule.code,
        table: rule.table,
        column: rule.column,
        count,
        message: rule.message(count),
        examples: result.rows[0]?.examples ?? [],
      };
    } catch (error) {
      return {
        severity: 'warn',
        code: 'rule_failed',
        table: rule.table,
        column: rule.column,
        count: 0,
        message: `The check ${rule.code} could not run on ${schema}.${rule.table}: ${(error as Error).message}`,
      };
    }
  });
  return results.filter((f): f is Finding => f !== null);
}

function hasColumns(rule: BusinessRule, tables: readonly TableProfile[]): boolean {
  return Object.entries(rule.needs).every(([name, columns]) => {
    const table = tables.find((t) => t.name === name);
    return table !== undefined && columns.every((c) => table.columns.some((col) => col.name === c));
  });
}
