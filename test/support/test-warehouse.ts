import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PostgresDialect } from '../../src/warehouse/dialect';
import { type EmbeddedConnection, EmbeddedServer } from '../../src/warehouse/embedded-server';
import { PgWarehouse } from '../../src/warehouse/pg-warehouse';
import type { Warehouse } from '../../src/warehouse/warehouse';

/**
 * One embedded server for the whole test run, away from the user's own .warehouse/. Two test runs
 * at once need two homes (ETL_TEST_WAREHOUSE_HOME): each run stops its server when it ends.
 */
export const TEST_WAREHOUSE_HOME =
  process.env.ETL_TEST_WAREHOUSE_HOME ?? join(tmpdir(), `etl-workbook-test-${process.getuid?.() ?? 0}`);

let server: EmbeddedServer | undefined;
let connection: Promise<EmbeddedConnection> | undefined;

export function testServer(): EmbeddedServer {
  server ??= new EmbeddedServer(TEST_WAREHOUSE_HOME);
  return server;
}

export function testConnection(): Promise<EmbeddedConnection> {
  connection ??= testServer()
    .ensure()
    .then((result) => result.connection);
  return connection;
}

/** A Warehouse on a fresh, empty database of the shared test server; `close()` drops it. */
export async function testWarehouse(): Promise<Warehouse & { database: string }> {
  const base = await testConnection();
  const database = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(base, `create database "${database}"`);
  const warehouse = new PgWarehouse(
    'local',
    new PostgresDialect(),
    { ...base, database },
    `test database ${database}`,
    () => adminQuery(base, `drop database if exists "${database}" with (force)`),
  );
  return Object.assign(warehouse, { database });
}

async function adminQuery(base: EmbeddedConnection, sql: string): Promise<void> {
  const client = new Client({ ...base, database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Stops the shared test server (mocha root hook). */
export async function stopTestServer(): Promise<void> {
  if (connection) await testServer().stop();
}
