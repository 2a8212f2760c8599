import type { CompiledProject } from '../models/compiled-project';
import type { Warehouse } from '../warehouse/warehouse';
import { type FreshnessCriteria, type FreshnessSpec, thresholdSeconds } from './freshness-spec';

export type FreshnessStatus = 'pass' | 'warn' | 'error' | 'runtime error';

/** One source table's freshness, in the shape of dbt's target/sources.json results. */
export interface FreshnessResult {
  unique_id: string;
  max_loaded_at: string | null;
  snapshotted_at: string;
  max_loaded_at_time_ago_in_s: number | null;
  status: FreshnessStatus;
  criteria: FreshnessCriteria;
  execution_time: number;
  error?: string;
}

/**
 * Each declared table's newest `loaded_at_field` against the reference time `at` (default now;
 * timestamps without a zone are read as UTC): older than error_after is `error`, than warn_after
 * `warn`. No rows at all is an error too (an empty extract is not fresh).
 */
export async function checkFreshness(
  warehouse: Warehouse,
  project: Pick<CompiledProject, 'sources'>,
  specs: readonly FreshnessSpec[],
  at: Date = new Date(),
): Promise<FreshnessResult[]> {
  return Promise.all(specs.map((spec) => checkOne(warehouse, project, spec, at)));
}

async function checkOne(
  warehouse: Warehouse,
  project: Pick<CompiledProject, 'sources'>,
  spec: FreshnessSpec,
  at: Date,
): Promise<FreshnessResult> {
  const started = performance.now();
  const result: FreshnessResult = {
    unique_id: `source.${spec.sourceName}.${spec.table}`,
    max_loaded_at: null,
    snapshotted_at: at.toISOString(),
    max_loaded_at_time_ago_in_s: null,
    status: 'pass',
    criteria: { ...spec.criteria, filter: spec.criteria.filter ?? null },
    execution_time: 0,
  };
  try {
    const source = project.sources.find((s) => s.sourceName === spec.sourceName && s.name === spec.table);
    if (!source) throw new Error(`source ${spec.sourceName}.${spec.table} is not declared in the project`);
    const newest = await warehouse.query<{ max_loaded_at: string | null }>(
      newestValueSql(warehouse.dialect, source.relation, spec.loadedAtField),
    );
    result.max_loaded_at = newest.rows[0]?.max_loaded_at ?? null;
    if (result.max_loaded_at === null) {
      result.status = 'error';
      result.error = `${source.relation} has no rows with ${spec.loadedAtField}`;
    } else {
      const age = (at.getTime() - Date.parse(result.max_loaded_at)) / 1000;
      result.max_loaded_at_time_ago_in_s = age;
      const over = (threshold?: Parameters<typeof thresholdSeconds>[0]) =>
        threshold !== undefined && age > thresholdSeconds(threshold);
      result.status = over(spec.criteria.error_after)
        ? 'error'
        : over(spec.criteria.warn_after)
          ? 'warn'
          : 'pass';
    }
  } catch (error) {
    result.status = 'runtime error';
    result.error = (error as Error).message;
  }
  result.execution_time = Number(((performance.now() - started) / 1000).toFixed(3));
  return result;
}

/** The newest value of the loaded_at_field, as UTC ISO text (the Redshift check reads it too). */
export function newestValueSql(
  dialect: Pick<Warehouse['dialect'], 'quoteIdentifier'>,
  relation: string,
  field: string,
): string {
  const column = dialect.quoteIdentifier(field);
  return `select to_char(max(cast(${column} as timestamp)), 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as max_loaded_at from ${relation}`;
}
