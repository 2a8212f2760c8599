import { join } from 'node:path';
import type { PoolConfig } from 'pg';
import { projectRoot } from '../config/project-root';
import { redactUrl } from '../config/redact';
import { type Dialect, PostgresDialect } from './dialect';
import { EmbeddedServer } from './embedded-server';
import { PgWarehouse } from './pg-warehouse';
import { RedshiftDialect } from './redshift-dialect';
import type { TargetName, Warehouse } from './warehouse';

export interface OpenWarehouseOptions {
  /**
   * `local` (default): the embedded PostgreSQL; `postgres`: DATABASE_URL or the PG* variables;
   * `redshift`: REDSHIFT_URL or the PG* variables (raw loads then go through S3, see loadDataset).
   */
  target?: TargetName;
  /** Connection string for `postgres` / `redshift`; wins over DATABASE_URL / REDSHIFT_URL and PG*. */
  databaseUrl?: string;
  /** Folder of the embedded server (default `<project root>/.warehouse`). */
  home?: string;
  /**
   * What to do with an embedded server this call started, when the warehouse is closed:
   * `if-idle` stops it unless other clients are connected or `warehouse start` asked to keep it;
   * `never` leaves it running for the next user (notebooks).
   */
  stopServer?: 'if-idle' | 'never';
  log?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** Connects to the configured target (explicit option > connection string > PG* > defaults). */
export async function openWarehouse(options: OpenWarehouseOptions = {}): Promise<Warehouse> {
  const env = options.env ?? process.env;
  const target = options.target ?? 'local';
  const log = options.log ?? (() => {});
  if (target === 'local') {
    const server = new EmbeddedServer(
      options.home ?? env.ETL_WAREHOUSE_HOME ?? join(projectRoot(), '.warehouse'),
      log,
    );
    const { connection, startedHere } = await server.ensure();
    const description = `local embedded PostgreSQL at ${connection.host}:${connection.port}/${connection.database}`;
    const stop = async () => {
      if (!startedHere || options.stopServer === 'never') return;
      if (await server.keepRunningRequested()) return;
      if (await server.hasOtherClients(connection)) return;
      await server.stop();
    };
    return new PgWarehouse('local', new PostgresDialect(), connection, description, stop);
  }
  if (target === 'postgres' || target === 'redshift') {
    const url = remoteUrl(target, options.databaseUrl, env);
    // Redshift listens on 5439; pg would default to PostgreSQL's 5432.
    const defaultPort = target === 'redshift' && !env.PGPORT ? { port: 5439 } : {};
    const config: PoolConfig = url ? { connectionString: url } : defaultPort;
    const description = describeTarget(target, env, url);
    const dialect = target === 'redshift' ? new RedshiftDialect() : new PostgresDialect();
    const warehouse = new PgWarehouse(target, dialect, config, description);
    await warehouse.query('select 1').catch(async (error: Error) => {
      await warehouse.close();
      const fix =
        target === 'redshift'
          ? 'Set REDSHIFT_URL (postgres://user:password@<workgroup>.<account>.<region>.redshift-serverless.amazonaws.com:5439/dev?sslmode=require) or the PG* variables, and check that the workgroup is reachable from here (publicly accessible or through a VPN).'
          : 'Set DATABASE_URL (postgres://user:password@host:5432/db) or the PG* variables.';
      throw new Error(`Could not connect to the ${target} target (${description}): ${error.message}. ${fix}`);
    });
    return warehouse;
  }
  throw new Error(`Unknown target "${target}": use local, postgres or redshift.`);
}

/** The dialect of a target, known without connecting (`--dry-run`). */
export function targetDialect(target: TargetName): Dialect {
  return target === 'redshift' ? new RedshiftDialect() : new PostgresDialect();
}

/** Where a remote target points, safe to print (no password), without connecting. */
export function describeTarget(
  target: TargetName,
  env: NodeJS.ProcessEnv = process.env,
  explicitUrl?: string,
): string {
  if (target === 'local') return 'local embedded PostgreSQL';
  const url = remoteUrl(target, explicitUrl, env);
  if (url) return target === 'redshift' ? `Redshift at ${redactUrl(url)}` : redactUrl(url);
  const port = env.PGPORT ?? (target === 'redshift' ? '5439' : '5432');
  const where = `${env.PGHOST ?? 'localhost'}:${port}/${env.PGDATABASE ?? env.PGUSER ?? ''}`;
  return target === 'redshift'
    ? `Redshift from PG* variables (${where})`
    : `PostgreSQL from PG* variables (${where})`;
}

function remoteUrl(
  target: TargetName,
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
): string | undefined {
  return explicit ?? (target === 'redshift' ? env.REDSHIFT_URL : env.DATABASE_URL) ?? undefined;
}
