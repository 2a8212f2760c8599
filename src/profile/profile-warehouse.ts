import { RAW_CONTRACT, RAW_SCHEMA } from '../loader/contract';
import type { Dialect } from '../warehouse/dialect';
import type { Warehouse } from '../warehouse/warehouse';
import { BUSINESS_RULES, type BusinessRule } from './business-rules';
import { queryChartData } from './chart-data';
import { genericFindings } from './generic-findings';
import { inferRelationships } from './infer-relationships';
import { listColumns } from './list-columns';
import type { Finding, Profile, TableProfile } from './profile';
import { profileTable } from './profile-table';
import { runBusinessRules } from './run-business-rules';
import { secondsSince } from './seconds-since';

export type ProfileOptions = {
  /** The schema to profile (default `raw`). */
  schema?: string;
  /** Only these tables, in this order (default: every table and view of the schema). */
  tables?: string[];
  /** Declared keys per table (default: the raw contract's keys when the schema is `raw`). */
  keys?: Record<string, string[]>;
  /** Business rules (default: the raw contract's rules when the schema is `raw`, else none). */
  rules?: readonly BusinessRule[];
  /** A reference is a foreign key when at least this share of its values is found (default 0.9). */
  minCoverage?: number;
  /** At most this many column pairs are tested per table without a single-column key (default 20). */
  maxKeyPairs?: number;
  /** Cross-table statements run this many at a time (default 2). */
  concurrency?: number;
  /** Called as each table is done (progress for the CLI). */
  onTable?: (table: TableProfile) => void;
};

/**
 * Why the profile cannot run on this engine, or undefined. Its queries use PostgreSQL's arrays
 * (ARRAY_AGG, PERCENTILE_CONT of an array of fractions, `= any($1::text[])`), which Redshift lacks.
 */
export function profileRefusal(dialect: Pick<Dialect, 'name' | 'supportsArrays'>): string | undefined {
  if (dialect.supportsArrays) return undefined;
  return `profile does not run on ${dialect.name}: its queries use arrays (ARRAY_AGG, PERCENTILE_CONT of several fractions, = ANY(array)), which ${dialect.name} does not have. Profile the same files locally (etl-workbook profile --target local): the profile describes the files, not the engine.`;
}

const SEVERITY_ORDER = { error: 0, warn: 1, info: 2 } as const;

/**
 * Profiles a schema inside the warehouse: per table a handful of set-based statements (see
 * `profileTable`), then the references between tables, the business rules and the chart
 * aggregations. Only small results leave the warehouse, so it scales with the engine rather than
 * with Node's memory. Tables are profiled one after the other so each one's seconds mean something.
 *
 * @example
 * ```ts
 * const profile = await profileWarehouse(warehouse, { schema: 'raw' });
 * await writeProfile(profile, 'target');
 * ```
 */
export async function profileWarehouse(warehouse: Warehouse, options: ProfileOptions = {}): Promise<Profile> {
  const refused = profileRefusal(warehouse.dialect);
  if (refused) throw new Error(refused);
  const started = process.hrtime.bigint();
  const schema = options.schema ?? RAW_SCHEMA;
  const isRaw = schema === RAW_SCHEMA;
  const keys = options.keys ?? (isRaw ? Object.fromEntries(RAW_CONTRACT.map((t) => [t.table, t.key])) : {});
  const rules = options.rules ?? (isRaw ? BUSINESS_RULES : []);
  const concurrency = options.concurrency ?? 2;

  const catalog = await listColumns(warehouse, schema, options.tables);
  const tables: TableProfile[] = [];
  for (const table of catalog) {
    const profile = await profileTable(warehouse, table, {
      schema,
      contractKey: keys[table.name],
      maxKeyPairs: options.maxKeyPairs ?? 20,
    });
    tables.push(profile);
    options.onTable?.(profile);
  }

  let step = process.hrtime.bigint();
  const relationships = await inferRelationships(warehouse, tables, {
    schema,
    declaredKeys: keys,
    minCoverage: options.minCoverage ?? 0.9,
    concurrency,
  });
  const relationshipSeconds = secondsSince(step);
  step = process.hrtime.bigint();
  const ruleFindings = await runBusinessRules(warehouse, schema, rules, tables, concurrency);
  const ruleSeconds = secondsSince(step);
  step = process.hrtime.bigint();
  const charts = await queryChartData(warehouse, schema, tables);
  const chartSeconds = secondsSince(step);

  const findings = sortFindings([...genericFindings(tables, relationships), ...ruleFindings]);
  return {
    schema,
    generatedAt: new Date().toISOString(),
    seconds: secondsSince(started),
    tables,
    relationships,
    findings,
    charts,
    timings: { relationships: relationshipSeconds, rules: ruleSeconds, charts: chartSeconds },
  };
}

/** Errors first, then warnings, then notes; by table within a severity (sort is stable). */
function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.table.localeCompare(b.table),
  );
}
