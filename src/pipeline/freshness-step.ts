import { randomUUID } from 'node:crypto';
import { writeArtifact } from '../artifacts/write-artifact';
import { checkFreshness, type FreshnessResult } from '../freshness/check-freshness';
import { readFreshnessSpecs } from '../freshness/freshness-spec';
import type { CompiledProject } from '../models/compiled-project';
import { loadProject } from '../models/load-project';
import type { Warehouse } from '../warehouse/warehouse';

export interface FreshnessStepOptions {
  projectDir: string;
  outDir: string;
  /** The reference time (default now): `--as-of` checks historic extracts as of their date. */
  at?: Date;
  /** The project already compiled (or being compiled) by the caller; by default compiled here. */
  project?: Promise<CompiledProject>;
}

/** Checks every declared source freshness and writes target/sources.json (dbt's shape). */
export async function freshnessStep(
  warehouse: Warehouse,
  options: FreshnessStepOptions,
): Promise<FreshnessResult[]> {
  const started = performance.now();
  const specs = await readFreshnessSpecs(options.projectDir);
  const project = await (options.project ?? loadProject(options.projectDir, { dialect: warehouse.dialect }));
  const results = await checkFreshness(warehouse, project, specs, options.at);
  await writeArtifact(options.outDir, 'sources.json', {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/sources/v3.json',
      generated_at: new Date().toISOString(),
      invocation_id: randomUUID(),
    },
    results: results.map((result) => ({
      ...result,
      adapter_response: {},
      timing: [],
      thread_id: 'Thread-1',
    })),
    elapsed_time: Number(((performance.now() - started) / 1000).toFixed(3)),
  });
  return results;
}
