import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
  };
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
