import { readJsonArtifact, writeJsonArtifact } from '../artifacts/artifacts';
import { attributionRows, formatUnits, segmentRows } from '../diff/format-diff';
import { findBase } from '../diff/kept-state';
import { type DiffResult, runDiff } from '../diff/run-diff';
import type { ReportChanges } from '../report/changes-section';
import type { Warehouse } from '../warehouse/warehouse';

export interface DiffStepOptions {
  projectDir: string;
  outDir: string;
  /** A kept run's id (`--base`); default: the latest kept run. */
  baseRunId?: string;
  /** A kept state folder (`--base-state`), e.g. target/state/<run id>. */
  baseStateDir?: string;
  select?: string[];
  attribution?: boolean;
  threads?: number;
}

/**
 * Diffs the current build with a kept base and writes target/diff.json (every KPI number with its
 * split, rows per mart, top segments), tagged with the kpis.json it describes so the report only
 * shows it next to those KPIs.
 */
export async function diffStep(warehouse: Warehouse, options: DiffStepOptions): Promise<DiffResult> {
  const base = await findBase(options.outDir, { runId: options.baseRunId, stateDir: options.baseStateDir });
  const result = await runDiff(warehouse, {
    projectDir: options.projectDir,
    base,
    select: options.select,
    attribution: options.attribution,
    threads: options.threads,
  });
  await writeJsonArtifact(
    options.outDir,
    'diff.json',
    result as unknown as Record<string, unknown> & { kpis: unknown[] },
    {
      target: warehouse.target,
      kpis_generated_at: await kpisGeneratedAt(options.outDir),
      units: 'integer: money in cents, ratios in 1/10,000, counts as is',
    },
  );
  return result;
}

/** When target/kpis.json was written (undefined without one). */
export async function kpisGeneratedAt(outDir: string): Promise<string | undefined> {
  const kpis = await readJsonArtifact(outDir, 'kpis.json').catch(() => undefined);
  return kpis?.metadata.generated_at || undefined;
}

/** The report section of a diff.json, formatted. */
export function reportChanges(result: DiffResult): ReportChanges {
  return {
    base: `run ${result.base.runId} (kept ${result.base.createdAt})`,
    kpis: attributionRows(result.kpis),
    marts: result.marts
      .filter((mart) => !mart.skipped)
      .map((mart) => ({
        mart: mart.mart,
        added: formatUnits(mart.added, 'integer'),
        removed: formatUnits(mart.removed, 'integer'),
        changed: formatUnits(mart.changed, 'integer'),
        columns: mart.columns.map((c) => `${c.column} (${formatUnits(c.changed, 'integer')})`).join(', '),
      })),
    segments: segmentRows(result.segments),
  };
}
