import { join } from 'node:path';
import { readJsonArtifact } from '../artifacts/artifacts';
import type { SelectionState } from '../graph/select';
import type { CompiledProject } from '../models/compiled-project';
import { nodeChecksum } from './node-checksum';

/**
 * The state `state:modified` compares with (`--state DIR`): the checksums of a manifest.json saved
 * from an earlier build or compile, by unique id.
 */
export async function readSavedState(dir: string): Promise<ReadonlyMap<string, string>> {
  const path = join(dir, 'manifest.json');
  let manifest: Awaited<ReturnType<typeof readJsonArtifact<'manifest.json'>>>;
  try {
    manifest = await readJsonArtifact(dir, 'manifest.json');
  } catch (error) {
    throw new Error(
      `The saved manifest cannot be used: ${(error as Error).message} Save it again from an earlier run.`,
    );
  }
  if (!manifest) {
    throw new Error(
      `Cannot read the saved manifest ${path} (ENOENT). --state DIR needs a folder holding the manifest.json of an earlier run: copy target/manifest.json there before changing the project (or run \`etl-workbook compile --out DIR\` on the earlier version).`,
    );
  }
  const checksums = new Map<string, string>();
  for (const group of [manifest.nodes, manifest.sources, manifest.unit_tests]) {
    for (const [id, node] of Object.entries(group ?? {})) {
      const checksum = (node as { checksum?: { checksum?: unknown } } | null)?.checksum?.checksum;
      // A node saved without a checksum (an older manifest) counts as modified: '' never matches.
      checksums.set(id, typeof checksum === 'string' ? checksum : '');
    }
  }
  if (checksums.size === 0) {
    throw new Error(`The saved manifest ${path} lists no nodes: it is not a manifest.json of this project.`);
  }
  return checksums;
}

/** The selection state comparing `project` as it is now with the saved checksums. */
export function selectionState(
  project: CompiledProject,
  previous: ReadonlyMap<string, string>,
  source?: string,
): SelectionState {
  const nodes = new Map<string, object>();
  for (const group of Object.values(project)) {
    if (!Array.isArray(group)) continue;
    for (const node of group as { uniqueId?: unknown }[]) {
      if (typeof node?.uniqueId === 'string') nodes.set(node.uniqueId, node);
    }
  }
  const memo = new Map<string, string>();
  return {
    previous,
    source,
    checksum(id) {
      let checksum = memo.get(id);
      if (checksum === undefined) {
        const node = nodes.get(id);
        checksum = node ? nodeChecksum(node) : '';
        memo.set(id, checksum);
      }
      return checksum;
    },
  };
}
