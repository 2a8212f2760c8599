import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedServer } from '../src/warehouse/embedded-server';
import { postgresBinaries } from '../src/warehouse/postgres-binaries';
import { measureProcess } from './measure-process';

/**
 * The PostgreSQL server both sides of the comparison use: the embedded one (kept running with
 * `warehouse start` so no measurement includes its start, except the cold run) or BENCH_DATABASE_URL.
 */
export interface BenchServer {
  readonly embedded: boolean;
  /** Environment for psql (PG* variables; the password travels only there, never in argv). */
  readonly psqlEnv: NodeJS.ProcessEnv;
  /** Environment and extra arguments for our CLI to reach the same server. */
  readonly cliEnv: NodeJS.ProcessEnv;
  readonly cliArgs: string[];
  readonly description: string;
  /** Stops the embedded server (for a cold run) — the next CLI command starts it. */
  stop(): Promise<void>;
  /** Starts it again and keeps it running. */
  keepRunning(): Promise<void>;
  /** Leaves the server as the bench found it. */
  finish(): Promise<void>;
  /** Before a measured step: a checkpoint, then no autovacuum worker running (see settleServer). */
  settle(): Promise<void>;
}

export async function openBenchServer(
  root: string,
  home: string,
  databaseUrl?: string,
): Promise<BenchServer> {
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    return {
      embedded: false,
      psqlEnv: {
        PGHOST: url.hostname,
        PGPORT: url.port || '5432',
        PGUSER: decodeURIComponent(url.username),
        PGPASSWORD: decodeURIComponent(url.password),
        PGDATABASE: url.pathname.slice(1),
      },
      cliEnv: { DATABASE_URL: databaseUrl },
      cliArgs: ['--target', 'postgres'],
      description: `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`,
      stop: async () => {},
      keepRunning: async () => {},
      finish: async () => {},
      settle: () => settleServer({ connectionString: databaseUrl }),
    };
  }
  const cliEnv = { ETL_WAREHOUSE_HOME: home };
  const warehouseCommand = (action: string) =>
    measureProcess(process.execPath, ['bin/etl-workbook.js', 'warehouse', action, '-q'], {
      cwd: root,
      env: cliEnv,
    });
  const server = new EmbeddedServer(home);
  const wasRunning = (await server.status()).running;
  const wasKept = await server.keepRunningRequested();
  // A restart may pick another port: psqlEnv is refreshed in place by keepRunning().
  const psqlEnv: NodeJS.ProcessEnv = {};
  const connect = async () => {
    await warehouseCommand('start');
    const { connection } = await server.ensure();
    Object.assign(psqlEnv, {
      PGHOST: connection.host,
      PGPORT: String(connection.port),
      PGUSER: connection.user,
      PGPASSWORD: connection.password,
      PGDATABASE: connection.database,
    });
  };
  await connect();
  return {
    embedded: true,
    psqlEnv,
    cliEnv,
    cliArgs: [],
    description: `embedded PostgreSQL (home ${home})`,
    stop: async () => {
      await warehouseCommand('stop');
    },
    keepRunning: connect,
    finish: async () => {
      if (wasRunning && wasKept) return;
      await warehouseCommand('stop');
    },
    settle: () =>
      settleServer({
        host: psqlEnv.PGHOST,
        port: Number(psqlEnv.PGPORT),
        user: psqlEnv.PGUSER,
        password: psqlEnv.PGPASSWORD,
        database: psqlEnv.PGDATABASE,
      }),
  };
}

/**
 * Each measured step starts on a settled server: autovacuum's pending work done now (VACUUM of
 * every table with rows inserted since its last vacuum, ANALYZE too where rows changed since its
 * last analyze), any autovacuum worker finished, and the dirty pages written (CHECKPOINT; skipped
 * without the right). Without it, the autovacuum that one step set off ran inside the next step
 * measured, whichever side that was: our `load` right after psql's \copy took 1.12-1.35 s
 * against 0.81-0.85 s after our own load (3 years, quiet machine), its TRUNCATE waiting for an
 * autovacuum ANALYZE of the raw table that psql had filled. Our own tables are analyzed when
 * built, so this leaves their statistics as a run leaves them.
 */
async function settleServer(
  config: ConstructorParameters<typeof Client>[0],
  maxWaitMs = 60_000,
): Promise<void> {
  const client = new Client(config);
  await client.connect();
  try {
    const pending = await client.query<{ relation: string; analyze: boolean }>(
      `select format('%I.%I', schemaname, relname) as relation, n_mod_since_analyze > 0 as analyze
         from pg_stat_user_tables where n_mod_since_analyze > 0 or n_ins_since_vacuum > 0`,
    );
    for (const { relation, analyze } of pending.rows) {
      await client.query(`vacuum${analyze ? ' (analyze)' : ''} ${relation}`).catch(() => undefined);
    }
    const deadline = Date.now() + maxWaitMs;
    while (Date.now() < deadline) {
      const busy = await client.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where backend_type = 'autovacuum worker'",
      );
      if ((busy.rows[0]?.n ?? 0) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await client.query('checkpoint').catch(() => undefined);
  } finally {
    await client.end();
  }
}
/** psql from PATH, else next to the embedded binaries; undefined when there is none. */
export function findPsql(): { path: string; version: string } | undefined {
  const candidates = ['psql'];
  try {
    candidates.push(join(postgresBinaries().binDir, 'psql'));
  } catch {
    // No embedded binaries: PATH only.
  }
  for (const path of candidates) {
    if (path !== 'psql' && !existsSync(path)) continue;
    const probe = spawnSync(path, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return { path, version: probe.stdout.trim() };
  }
  return undefined;
}
