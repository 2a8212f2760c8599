import type { Readable } from 'node:stream';
import type { Dialect } from './dialect';

/** One column of a result set, as the driver reports it. */
export interface FieldInfo {
  name: string;
  dataTypeID: number;
}

export interface QueryResult<R = Record<string, unknown>> {
  rows: R[];
  rowCount: number;
  fields: FieldInfo[];
}

/** A single connection: statements run in order, transactions are possible. */
export interface Session {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs `COPY … FROM STDIN` fed by `source`; resolves with the number of rows copied. */
  copyFrom(copySql: string, source: Readable): Promise<number>;
}

export type TargetName = 'local' | 'postgres' | 'redshift';

/**
 * The warehouse as the rest of the code sees it. Queries go through a pool; work that needs one
 * connection (a transaction, a COPY, session settings) asks for a session.
 */
export interface Warehouse {
  readonly target: TargetName;
  readonly dialect: Dialect;
  /** Connection description safe to print (never contains a password). */
  readonly description: string;
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  withSession<T>(work: (session: Session) => Promise<T>): Promise<T>;
  /** BEGIN … COMMIT around `work`; ROLLBACK (and rethrow) when it throws. */
  transaction<T>(work: (session: Session) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Drops the connections at once, rolling back work in flight, then closes (Ctrl-C). */
  abort?(): Promise<void>;
}
