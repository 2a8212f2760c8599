import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';

export type Period = 'minute' | 'hour' | 'day';

export interface FreshnessThreshold {
  count: number;
  period: Period;
}

/** dbt's `freshness:` criteria of one source table. */
export interface FreshnessCriteria {
  warn_after?: FreshnessThreshold;
  error_after?: FreshnessThreshold;
  filter?: string | null;
}

/** One source table whose freshness is declared (its own or its source's, as dbt inherits it). */
export interface FreshnessSpec {
  sourceName: string;
  table: string;
  loadedAtField: string;
  criteria: FreshnessCriteria;
  file: string;
}

const SECONDS: Record<Period, number> = { minute: 60, hour: 3600, day: 86_400 };

export function thresholdSeconds(threshold: FreshnessThreshold): number {
  return threshold.count * SECONDS[threshold.period];
}

/**
 * The source tables with `loaded_at_field` and `freshness` (on the table, or inherited from its
 * source) in the project's YAML files. A malformed threshold is an error naming its file.
 */
export async function readFreshnessSpecs(projectDir: string): Promise<FreshnessSpec[]> {
  const specs: FreshnessSpec[] = [];
  for (const file of await yamlFiles(projectDir)) {
    const document = parse(await readFile(file, 'utf8')) as { sources?: unknown[] } | null;
    for (const source of (document?.sources ?? []) as Record<string, unknown>[]) {
      for (const table of (source.tables ?? []) as Record<string, unknown>[]) {
        const freshness = (table.freshness ?? source.freshness) as FreshnessCriteria | null | undefined;
        const loadedAtField = (table.loaded_at_field ?? source.loaded_at_field) as string | undefined;
        if (!freshness || !loadedAtField) continue;
        const where = `${file}: source ${String(source.name)}.${String(table.name)}`;
        for (const key of ['warn_after', 'error_after'] as const)
          checkThreshold(freshness[key], `${where} freshness.${key}`);
        specs.push({
          sourceName: String(source.name),
          table: String(table.name),
          loadedAtField,
          criteria: freshness,
          file,
        });
      }
    }
  }
  return specs;
}

function checkThreshold(threshold: FreshnessThreshold | undefined, where: string): void {
  if (threshold === undefined) return;
  if (!Number.isInteger(threshold.count) || threshold.count < 1 || !(threshold.period in SECONDS)) {
    throw new Error(
      `${where} must be { count: N, period: minute | hour | day } with a positive whole count, got ${JSON.stringify(threshold)}.`,
    );
  }
}

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(entry.name) ? [path] : [];
    }),
  );
  return nested.flat().sort();
}
