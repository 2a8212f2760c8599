import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RAW_CONTRACT } from '../../../src/loader/contract';
import { PostgresDialect } from '../../../src/warehouse/dialect';
import type { EmbeddedConnection } from '../../../src/warehouse/embedded-server';
import { PgWarehouse } from '../../../src/warehouse/pg-warehouse';
import type { Warehouse } from '../../../src/warehouse/warehouse';
import { TEST_WAREHOUSE_HOME, testConnection } from '../../support/test-warehouse';

/** Shared helpers of the fault-injection suite: the CLI as a child process and table fingerprints. */
export const ROOT = resolve(__dirname, '../../..');
/** ETL_FAULTS_BIN runs the suite against another build of the CLI (e.g. a private one while dist/ is rebuilt). */
export const BIN = process.env.ETL_FAULTS_BIN ?? join(ROOT, 'bin', 'etl-workbook.js');
export const PROJECT = join(ROOT, 'sql');

export interface CliOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  output: string;
}

/** True when dist/ is built (npm test builds it first); fault suites skip themselves otherwise. */
export function cliBuilt(): boolean {
  return existsSync(join(BIN, '..', '..', 'dist', 'cli', 'main.js'));
}

export function cliEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, CI: 'true', ETL_WAREHOUSE_HOME: TEST_WAREHOUSE_HOME, ...env };
}

/** Runs the built CLI to its end (against the shared test server unless env says otherwise). */
export function cli(args: string[], env: Record<string, string | undefined> = {}): CliOutcome {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: cliEnv(env),
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    code: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
    output: result.stdout + result.stderr,
  };
}

/** A CLI child process that the test can signal; `done` resolves with its outcome. */
export function startCli(
  args: string[],
  env: Record<string, string | undefined> = {},
): { child: ChildProcess; done: Promise<CliOutcome>; output: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<CliOutcome>((resolveDone) => {
    child.on('close', (code, signal) =>
      resolveDone({ code, signal, stdout, stderr, output: stdout + stderr }),
    );
  });
  return { child, done, output: () => stdout + stderr };
}

/** Resolves once the child's output matches (the pause points print a line), or rejects at the timeout. */
export async function waitForOutput(
  output: () => string,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(output())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pattern} in:\n${output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A warehouse on the shared test server's `warehouse` database: the one the CLI uses. */
export async function cliWarehouse(connection?: EmbeddedConnection): Promise<Warehouse> {
  const base = connection ?? (await testConnection());
  return new PgWarehouse('local', new PostgresDialect(), { ...base, max: 3 }, 'fault suite');
}

/** Row count and an order-independent checksum of a relation, or `absent`. */
export async function fingerprint(warehouse: Warehouse, relation: string): Promise<string> {
  const [schema, name] = relation.split('.');
  const exists = await warehouse.query('select 1 from pg_tables where schemaname = $1 and tablename = $2', [
    schema,
    name,
  ]);
  if (exists.rowCount === 0) return 'absent';
  const result = await warehouse.query<{ n: string; sum: string | null }>(
    `select count(*) as n, md5(string_agg(md5(t::text), '' order by md5(t::text))) as sum from ${relation} t`,
  );
  return `${result.rows[0]?.n} rows ${result.rows[0]?.sum}`;
}

export const RAW_TABLES = RAW_CONTRACT.map((t) => `raw.${t.table}`);
export const MART_TABLES = [
  'marts.fct_order_items',
  'marts.fct_orders',
  'marts.dim_customers',
  'marts.dim_products',
  'marts.dim_stores',
  'marts.dim_dates',
];

/** Fingerprints of several relations at once. */
export async function snapshot(warehouse: Warehouse, relations: string[]): Promise<Record<string, string>> {
  const entries = await Promise.all(
    relations.map(async (r) => [r, await fingerprint(warehouse, r)] as const),
  );
  return Object.fromEntries(entries);
}

export function readJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
