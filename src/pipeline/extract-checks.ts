import type { FreshnessResult } from '../freshness/check-freshness';
import type { NodeRecord, RunRecorder } from '../history/run-recorder';
import type { LoadResult } from '../loader/load-result';
import type { CompiledProject } from '../models/compiled-project';
import type { Warehouse } from '../warehouse/warehouse';
import { freshnessStep } from './freshness-step';
import { type VolumeStepResult, volumeStep } from './volume-step';

/** What `run` checks of the extract right after loading it. */
export interface ExtractChecks {
  /** Each declared source table's freshness (also in target/sources.json). */
  freshness: FreshnessResult[];
  /** Set when the freshness could not be checked at all (e.g. a malformed threshold). */
  freshnessError?: string;
  volume: VolumeStepResult;
}

export interface ExtractChecksOptions {
  projectDir: string;
  outDir: string;
  loads: readonly LoadResult[];
  /** The run's reference time (default now). */
  snapshotAt?: Date;
  recorder?: RunRecorder;
  /** The project being compiled for the run (freshness reads its sources). */
  project?: Promise<CompiledProject>;
}

/**
 * Source freshness against the run's reference time and the volume check against the history.
 * Both observe: a stale extract or a missing store-day is reported (summary, report, etl_meta),
 * the models are still built from what arrived.
 */
export async function extractChecks(
  warehouse: Warehouse,
  options: ExtractChecksOptions,
): Promise<ExtractChecks> {
  const volume = await volumeStep(warehouse, { loads: options.loads, recorder: options.recorder });
  try {
    const freshness = await freshnessStep(warehouse, {
      projectDir: options.projectDir,
      outDir: options.outDir,
      at: options.snapshotAt,
      project: options.project,
    });
    return { freshness, volume };
  } catch (error) {
    return { freshness: [], freshnessError: (error as Error).message, volume };
  }
}

/** The freshness results as the run history keeps nodes (resource type `source_freshness`). */
export function freshnessNodes(checks: ExtractChecks | undefined): NodeRecord[] {
  return (checks?.freshness ?? []).map((result) => ({
    uniqueId: result.unique_id,
    resourceType: 'source_freshness',
    status: result.status,
    seconds: result.execution_time,
    message:
      result.error ??
      `newest ${result.max_loaded_at}, ${Math.round(result.max_loaded_at_time_ago_in_s ?? 0)} s before ${result.snapshotted_at}`,
  }));
}
