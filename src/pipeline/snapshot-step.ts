import { writeArtifact } from '../artifacts/write-artifact';
import type { CompiledProject } from '../models/compiled-project';
import { loadProject } from '../models/load-project';
import { readSnapshotSpecs } from '../snapshots/snapshot-spec';
import { type SnapshotResult, takeSnapshots } from '../snapshots/take-snapshots';
import type { Warehouse } from '../warehouse/warehouse';

export interface SnapshotStepOptions {
  projectDir: string;
  outDir: string;
  /** The snapshot time (default now); `--as-of` replays historic extracts at their own dates. */
  at?: Date;
  select?: string[];
  project?: CompiledProject;
}

export interface SnapshotStepResult {
  results: SnapshotResult[];
  ok: boolean;
}

/**
 * Takes the snapshots of sql/snapshots/ (after the load, before the models that read them) and
 * writes target/snapshot_results.json. A project without snapshots does nothing.
 */
export async function snapshotStep(
  warehouse: Warehouse,
  options: SnapshotStepOptions,
): Promise<SnapshotStepResult> {
  const specs = await readSnapshotSpecs(options.projectDir);
  if (specs.length === 0) return { results: [], ok: true };
  const project = options.project ?? (await loadProject(options.projectDir, { dialect: warehouse.dialect }));
  const results = await takeSnapshots(warehouse, project, specs, { at: options.at, select: options.select });
  await writeArtifact(options.outDir, 'snapshot_results.json', {
    metadata: { generated_at: new Date().toISOString(), target: warehouse.target },
    snapshot_time: (options.at ?? new Date()).toISOString(),
    results,
  });
  return { results, ok: results.every((result) => result.status === 'success') };
}

/** Snapshot results as history node results (`snapshot.<name>`). */
export function snapshotNodes(results: readonly SnapshotResult[]) {
  return results.map((result) => ({
    uniqueId: `snapshot.${result.name}`,
    resourceType: 'snapshot',
    status: result.status,
    seconds: result.seconds,
    rowsAffected: result.inserted + result.closed,
    message: result.message,
  }));
}
