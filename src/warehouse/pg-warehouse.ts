import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Dialect } from './dialect';
import { LOCAL_TIME_TYPES } from './local-time-types';
import type { QueryResult, Session, TargetName, Warehouse } from './warehouse';

/** A Warehouse over node-postgres: a pool for queries, one pooled client per session. */
export class PgWarehouse implements Warehouse {
  private readonly pool: Pool;
  private closed = false;
  /** Clients lent to sessions right now, so `abort` can cut them off. */
  private readonly inUse = new Set<PoolClient>();

  constructor(
    readonly target: TargetName,
    readonly dialect: Dialect,
    config: PoolConfig,
    readonly description: string,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    this.pool = new Pool({ max: 10, idleTimeoutMillis: 5_000, types: LOCAL_TIME_TYPES, ...config });
    // An idle client losing its server (e.g. the embedded server stopped) must not crash the process.
    this.pool.on('error', () => {});
  }

  async query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>> {
    const result = await this.pool.query(sql, params as unknown[] | undefined);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0, fields: result.fields };
  }

  async withSession<T>(work: (session: Session) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    this.inUse.add(client);
    try {
      return await work(sessionOf(client));
    } finally {
      this.inUse.delete(client);
      client.off('error', onError);
      client.release(broken);
    }
  }

  transaction<T>(work: (session: Session) => Promise<T>): Promise<T> {
    return this.withSession(async (session) => {
      await session.query('begin');
      try {
        const result = await work(session);
        await session.query('commit');
        return result;
      } catch (error) {
        await session.query('rollback').catch(() => {});
        throw error;
      }
    });
  }

  /**
   * Ctrl-C: closes every session's socket at once, so the server rolls back what each had in
   * flight (a COPY, a table swap), then closes. `close` alone would wait for them to finish, and
   * commit.
   */
  async abort(): Promise<void> {
    for (const client of this.inUse) {
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    }
    await this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
    await this.onClose();
  }
}

function sessionOf(client: PoolClient): Session {
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const result = await client.query(sql, params as unknown[] | undefined);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0, fields: result.fields };
    },
    async copyFrom(copySql: string, source: Readable): Promise<number> {
      const sink = client.query(copyFrom(copySql));
      await pipeline(source, sink);
      return sink.rowCount;
    },
  };
}
