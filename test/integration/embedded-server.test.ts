import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedServer } from '../../src/warehouse/embedded-server';

async function selectOne(connection: object): Promise<number> {
  const client = new Client(connection);
  await client.connect();
  try {
    return (await client.query<{ n: number }>('select 1 as n')).rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL server lifecycle', () => {
  const home = mkdtempSync(join(tmpdir(), 'etl-embedded-'));
  const server = new EmbeddedServer(home);
  after(() => server.stop());

  it('initialises, starts on loopback and is shared with a second process', async () => {
    const first = await server.ensure();
    assert.equal(first.startedHere, true);
    assert.equal(first.connection.host, '127.0.0.1');
    assert.equal(await selectOne(first.connection), 1);
    const conf = readFileSync(join(home, 'pg', 'postgresql.conf'), 'utf8');
    assert.match(conf, /listen_addresses = '127\.0\.0\.1'/);
    const second = await new EmbeddedServer(home).ensure();
    assert.equal(second.startedHere, false, 'a second user reuses the running server');
    assert.equal(second.connection.port, first.connection.port);
  });

  it('keeps the password out of world-readable files', async () => {
    const mode = (await import('node:fs')).statSync(join(home, 'credentials')).mode & 0o777;
    assert.equal(mode, 0o600);
  });

  it('recovers from a killed server with a stale postmaster.pid', async () => {
    const status = await server.status();
    assert.ok(status.running && status.pid);
    process.kill(status.pid, 'SIGKILL');
    for (let i = 0; i < 50 && (await server.status()).running; i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.ok(existsSync(join(home, 'pg', 'postmaster.pid')), 'SIGKILL leaves the pid file behind');
    const restarted = await server.ensure();
    assert.equal(restarted.startedHere, true);
    assert.equal(await selectOne(restarted.connection), 1);
  });

  it('treats a pid file naming an unrelated live process as stale', async () => {
    await server.stop();
    const pidFile = join(home, 'pg', 'postmaster.pid');
    writeFileSync(pidFile, `${process.pid}\n${join(home, 'pg')}\n0\n5432\n\n127.0.0.1\n0 0\nready\n`);
    assert.equal((await server.status()).running, false);
    const started = await server.ensure();
    assert.equal(started.startedHere, true);
    assert.equal(await selectOne(started.connection), 1);
  });

  it('stops and reports not running', async () => {
    assert.equal(await server.stop(), true);
    assert.equal((await server.status()).running, false);
    assert.equal(await server.stop(), false);
  });
});
