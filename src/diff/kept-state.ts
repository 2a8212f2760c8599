import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompiledProject } from '../models/compiled-project';
import type { Warehouse } from '../warehouse/warehouse';

/**
 * What `run --keep-state` leaves for `diff`: the run's raw tables and marts copied into one
 * schema, and next to them on disk the SQL project as it was (the base code) and its kpis.json.
 */
export interface KeptState {
  runId: string;
  /** The schema holding the copies: `etl_state_<runId>`. */
  schema: string;
  createdAt: string;
  /** The folder holding state.json, sql/ (the base code) and kpis.json. */
  dir: string;
  /** Copied tables by role: source tables (raw data) and marts (built models). */
  tables: { raw: string[]; marts: string[] };
  /** The generated_at of the run's kpis.json: tells the current run's own state apart. */
  kpisGeneratedAt?: string;
}

const STATE_FILE = 'state.json';

/** `<outDir>/state`: one folder per kept run. */
export const stateRoot = (outDir: string) => join(outDir, 'state');

/** A run id that sorts by time and is a safe identifier: `20261202_131800_123`. */
export function newRunId(now = new Date()): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace('T', '_')
    .replace(/\.(\d{3})Z$/, '_$1');
}

/** `etl_state_<run id>`, a history run id's dashes made underscores. */
export const stateSchema = (runId: string) => `etl_state_${runId.replaceAll('-', '_')}`;

/**
 * Copies the raw tables and the marts of a finished run into `etl_state_<runId>` and writes the
 * base code (a copy of the SQL project) and its KPIs under `<outDir>/state/<runId>/`. The copies
 * are plain `CREATE TABLE AS`: on PostgreSQL faster than a database template (see src/diff/README.md).
 */
export async function keepState(
  warehouse: Warehouse,
  project: CompiledProject,
  options: { projectDir: string; outDir: string; runId?: string },
): Promise<KeptState> {
  const runId = options.runId ?? newRunId();
  if (!/^[a-z0-9_-]{1,40}$/.test(runId)) {
    throw new Error(
      `Run id "${runId}" cannot name a schema: use lower-case letters, digits, - and _ (at most 40).`,
    );
  }
  const schema = stateSchema(runId);
  const q = (name: string) => warehouse.dialect.quoteIdentifier(name);
  const raw = project.sources.map((source) => ({ name: source.identifier, from: source.relation }));
  const marts = project.models
    .filter((model) => model.layer === 'marts' && model.materialized !== 'ephemeral')
    .map((model) => ({ name: model.name, from: model.relation }));
  await warehouse.transaction(async (session) => {
    await session.query(`drop schema if exists ${q(schema)} cascade`);
    await session.query(`create schema ${q(schema)}`);
    for (const table of [...raw, ...marts]) {
      await session.query(`create table ${q(schema)}.${q(table.name)} as select * from ${table.from}`);
    }
  });
  const dir = join(stateRoot(options.outDir), runId);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  // dereference: a project folder that is a symlink is kept as files, not as a link to today's SQL.
  await cp(options.projectDir, join(dir, 'sql'), { recursive: true, dereference: true });
  await cp(join(options.outDir, 'kpis.json'), join(dir, 'kpis.json')).catch(() => undefined);
  const state: KeptState = {
    runId,
    schema,
    createdAt: new Date().toISOString(),
    dir,
    tables: { raw: raw.map((t) => t.name), marts: marts.map((t) => t.name) },
    kpisGeneratedAt: await generatedAt(join(dir, 'kpis.json')),
  };
  await writeFile(join(dir, STATE_FILE), `${JSON.stringify({ ...state, dir: undefined }, null, 2)}\n`);
  return state;
}

/** Reads a kept state folder (`--base-state DIR`), or explains what is missing. */
export async function readKeptState(dir: string): Promise<KeptState> {
  let text: string;
  try {
    text = await readFile(join(dir, STATE_FILE), 'utf8');
  } catch {
    throw new Error(
      `${dir} holds no kept state (${STATE_FILE} is missing). Keep one with \`etl-workbook run --keep-state\`, ` +
        'then pass its folder (target/state/<run id>) or --base <run id>.',
    );
  }
  return { ...(JSON.parse(text) as Omit<KeptState, 'dir'>), dir };
}

/** The kept states under `<outDir>/state`, oldest first (by when they were kept). */
export async function listKeptStates(outDir: string): Promise<KeptState[]> {
  const names = await readdir(stateRoot(outDir)).catch(() => [] as string[]);
  const states: KeptState[] = [];
  for (const name of names) {
    const state = await readKeptState(join(stateRoot(outDir), name)).catch(() => undefined);
    if (state) states.push(state);
  }
  return states.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The base `diff` compares with: `--base-state DIR`, else `--base RUN_ID`, else the latest kept run. */
export async function findBase(
  outDir: string,
  base: { runId?: string; stateDir?: string },
): Promise<KeptState> {
  if (base.stateDir) return readKeptState(base.stateDir);
  if (base.runId) return readKeptState(join(stateRoot(outDir), base.runId));
  const states = await listKeptStates(outDir);
  // When the current run was kept too, the base is the one before it.
  const current = await generatedAt(join(outDir, 'kpis.json'));
  const latest = states.filter((state) => current === undefined || current !== state.kpisGeneratedAt).at(-1);
  if (!latest && states.length > 0) {
    throw new Error(
      `The only kept run in ${stateRoot(outDir)} is the current one (${states[0]?.runId}): keep a run of the base ` +
        'data and code, change them, run again (without --keep-state, or pass --base RUN_ID), then diff.',
    );
  }
  if (!latest) {
    throw new Error(
      `No kept run to compare with in ${stateRoot(outDir)}. Run \`etl-workbook run --keep-state\` once on the ` +
        'base data and code, change them, run again, then diff.',
    );
  }
  return latest;
}

/** Drops a kept state: its schema and its folder. */
export async function dropKeptState(warehouse: Warehouse, state: KeptState): Promise<void> {
  await warehouse.query(`drop schema if exists ${warehouse.dialect.quoteIdentifier(state.schema)} cascade`);
  await rm(state.dir, { recursive: true, force: true });
}

async function generatedAt(kpisFile: string): Promise<string | undefined> {
  const text = await readFile(kpisFile, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  return (JSON.parse(text) as { metadata?: { generated_at?: string } }).metadata?.generated_at;
}
