import { join } from 'node:path';
import type { PoolConfig } from 'pg';
import { projectRoot } from '../paths/project-root';
import type { Dialect } from './dialect';
import { EmbeddedServer } from './embedded-server';
import { PgWarehouse } from './pg-warehouse';
import { remotePort, resolveTarget } from './target';
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

/**
 * Connects to the target (see resolveTarget: explicit option > ETL_TARGET > local; connection
 * string > PG* > defaults).
 */
export async function openWarehouse(options: OpenWarehouseOptions = {}): Promise<Warehouse> {
  const env = options.env ?? process.env;
  const target = resolveTarget({ target: options.target, databaseUrl: options.databaseUrl, env });
  const log = options.log ?? (() => {});
  if (target.name === 'local') {
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
    return new PgWarehouse('local', target.dialect, connection, description, stop);
  }
  const port = remotePort(target, env);
  const config: PoolConfig = target.url ? { connectionString: target.url } : port ? { port } : {};
  const warehouse = new PgWarehouse(target.name, target.dialect, config, target.description);
  await warehouse.query('select 1').catch(async (error: Error) => {
    await warehouse.close();
    throw new Error(
      `Could not connect to the ${target.name} target (${target.description}): ${error.message}. ${target.connectFix}`,
    );
  });
  return warehouse;
}

/** The dialect of a target, known without connecting (`--dry-run`). */
export function targetDialect(target: TargetName): Dialect {
  return resolveTarget({ target }).dialect;
}

/** Where a remote target points, safe to print (no password), without connecting. */
export function describeTarget(
  target: TargetName,
  env: NodeJS.ProcessEnv = process.env,
  explicitUrl?: string,
): string {
  return resolveTarget({ target, env, databaseUrl: explicitUrl }).description;
}
