import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SelectionState } from '../graph/select';
import type { CompiledProject } from '../models/compiled-project';
import { nodeChecksum } from './node-checksum';

/**
 * The state `state:modified` compares with (`--state DIR`): the checksums of a manifest.json saved
 * from an earlier build or compile, by unique id.
 */
export async function readSavedState(dir: string): Promise<ReadonlyMap<string, string>> {
  const path = join(dir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(
      `Cannot read the saved manifest ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). --state DIR needs a folder holding the manifest.json of an earlier run: copy target/manifest.json there before changing the project (or run \`etl-workbook compile --out DIR\` on the earlier version).`,
    );
  }
  let manifest: {
    nodes?: Record<string, unknown>;
    sources?: Record<string, unknown>;
    unit_tests?: Record<string, unknown>;
  };
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `The saved manifest ${path} is not valid JSON (${(error as Error).message}). Save it again from an earlier run.`,
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
