import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeArtifact } from './write-artifact';

/**
 * The JSON files a run leaves in target/, written and read through this one module. Each carries
 * `metadata.schema_version` (as dbt's artifacts carry `dbt_schema_version`): bump it when a
 * field's meaning changes, so a reader refuses a file it would misread instead of guessing.
 */
export const ARTIFACT_SCHEMA_VERSION = 1;

export interface ArtifactMetadata {
  schema_version: number;
  generated_at: string;
  [key: string]: unknown;
}

/** One node's result in run_results.json (the fields readers use). */
export interface RunResultsEntry {
  unique_id: string;
  status: string;
  failures: number | null;
  message?: string | null;
  execution_time?: number;
  failing_rows_sample?: Record<string, unknown>[] | null;
  file?: string;
}

/** One table's line in load_results.json (the fields readers use). */
export interface LoadResultsEntry {
  table: string;
  rows: number;
  seconds: number;
  status: 'success' | 'error';
}

/** The shape of each artifact, as far as a reader may rely on it. */
export interface Artifacts {
  'kpis.json': { metadata: ArtifactMetadata; kpis: Record<string, unknown>; warnings?: unknown[] };
  'run_results.json': { metadata: ArtifactMetadata; results: RunResultsEntry[] };
  'load_results.json': { metadata: ArtifactMetadata; results: LoadResultsEntry[] };
  'manifest.json': {
    metadata: ArtifactMetadata;
    nodes: Record<string, unknown>;
    sources?: Record<string, unknown>;
    unit_tests?: Record<string, unknown>;
  };
  'profile.json': { metadata: ArtifactMetadata; tables: unknown[]; [key: string]: unknown };
  /** Shaped by diff/run-diff.ts (a higher layer); readers there narrow it. */
  'diff.json': { metadata: ArtifactMetadata; kpis: unknown[]; [key: string]: unknown };
}

export type ArtifactName = keyof Artifacts;

/** The command that writes each artifact again: the fix named by every read error. */
const WRITTEN_BY: Record<ArtifactName, string> = {
  'kpis.json': 'etl-workbook kpis (or run)',
  'run_results.json': 'etl-workbook build (or run)',
  'load_results.json': 'etl-workbook load (or run)',
  'manifest.json': 'etl-workbook compile (or build)',
  'profile.json': 'etl-workbook profile',
  'diff.json': 'etl-workbook diff',
};

/** The field each artifact cannot do without, and its JSON kind. */
const REQUIRED: Record<ArtifactName, [string, 'array' | 'object']> = {
  'kpis.json': ['kpis', 'object'],
  'run_results.json': ['results', 'array'],
  'load_results.json': ['results', 'array'],
  'manifest.json': ['nodes', 'object'],
  'profile.json': ['tables', 'array'],
  'diff.json': ['kpis', 'array'],
};

/**
 * Writes `outDir/<name>` atomically: `metadata` first, with the schema version and the time of
 * writing (unless `metadata` gives its own), then the body's fields.
 */
export function writeJsonArtifact<N extends ArtifactName>(
  outDir: string,
  name: N,
  body: Omit<Artifacts[N], 'metadata'> & Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): Promise<string> {
  return writeArtifact(outDir, name, {
    metadata: {
      schema_version: ARTIFACT_SCHEMA_VERSION,
      generated_at: new Date().toISOString(),
      ...metadata,
    },
    ...body,
  });
}

/**
 * Reads `dir/<name>`; undefined when the file does not exist. A file that is not JSON, lacks the
 * artifact's main field or was written by a newer etl-workbook is an error naming it and the
 * command that rewrites it. A file without a schema_version (written before versions existed) is
 * read as version 1: the shape has not changed since.
 */
export async function readJsonArtifact<N extends ArtifactName>(
  dir: string,
  name: N,
): Promise<Artifacts[N] | undefined> {
  const path = join(dir, name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const fix = `Run \`${WRITTEN_BY[name]}\` again to rewrite it.`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}). ${fix}`);
  }
  const [field, kind] = REQUIRED[name];
  const value = isObject(json) ? json[field] : undefined;
  if (!isObject(json) || (kind === 'array' ? !Array.isArray(value) : !isObject(value))) {
    throw new Error(`${path} has no "${field}" ${kind}: it is not a ${name}. ${fix}`);
  }
  const metadata = isObject(json.metadata) ? json.metadata : {};
  const version = metadata.schema_version ?? 1;
  if (typeof version !== 'number' || version > ARTIFACT_SCHEMA_VERSION) {
    throw new Error(
      `${path} has schema_version ${JSON.stringify(version)}, newer than this etl-workbook reads (${ARTIFACT_SCHEMA_VERSION}): it was written by a newer version. ${fix}`,
    );
  }
  return { ...json, metadata: { generated_at: '', ...metadata, schema_version: version } } as Artifacts[N];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
