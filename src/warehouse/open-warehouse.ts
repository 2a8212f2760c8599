import { join } from 'node:path';
import type { PoolConfig } from 'pg';
import { projectRoot } from '../config/project-root';
import { redactUrl } from '../config/redact';
import { PostgresDialect } from './dialect';
import { EmbeddedServer } from './embedded-server';
import { PgWarehouse } from './pg-warehouse';
import type { TargetName, Warehouse } from './warehouse';

export interface OpenWarehouseOptions {
  /** `local` (default): the embedded PostgreSQL; `postgres`: DATABASE_URL or the PG* variables. */
  target?: TargetName;
  /** Connection string for `postgres`; wins over DATABASE_URL and PG*. */
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
  if (target === 'postgres') {
    const url = options.databaseUrl ?? env.DATABASE_URL;
    const config: PoolConfig = url ? { connectionString: url } : {};
    const description = url
      ? redactUrl(url)
      : `PostgreSQL from PG* variables (${env.PGHOST ?? 'localhost'}:${env.PGPORT ?? '5432'}/${env.PGDATABASE ?? env.PGUSER ?? ''})`;
    const warehouse = new PgWarehouse('postgres', new PostgresDialect(), config, description);
    await warehouse.query('select 1').catch(async (error: Error) => {
      await warehouse.close();
      throw new Error(
        `Could not connect to the postgres target (${description}): ${error.message}. Set DATABASE_URL (postgres://user:password@host:5432/db) or the PG* variables.`,
      );
    });
    return warehouse;
  }
  throw new Error(
    `The ${target} target is not available from openWarehouse yet; use --target local or --target postgres.`,
  );
}
