import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { stopServerStartedDuring } from '../../src/cli/stop-server-started-during';
import { EmbeddedServer } from '../../src/warehouse/embedded-server';

/**
 * `etl-workbook notebooks` runs kernels that start the embedded server and leave it up for the next
 * notebook; the command must stop it afterwards unless it was running before (issue: a server from
 * a headless run was still up 25 minutes later).
 */
describe('a command stops the embedded server its child processes started', () => {
  const home = mkdtempSync(join(tmpdir(), 'etl-stop-started-'));
  const server = new EmbeddedServer(home);
  // what a notebook kernel does: start the server (another EmbeddedServer object, as in another process)
  const startLikeAKernel = async () => (await new EmbeddedServer(home).ensure()).startedHere;
  after(async () => {
    await server.setKeepRunning(false);
    await server.stop();
  });

  it('stops a server that was not running before', async () => {
    await server.stop();
    const { result, stopped } = await stopServerStartedDuring(server, startLikeAKernel);
    assert.equal(result, true, 'the work started the server');
    assert.equal(stopped, true);
    assert.equal((await server.status()).running, false);
  });

  it('leaves a server that was running before (warehouse start) running', async () => {
    await server.ensure();
    const { result, stopped } = await stopServerStartedDuring(server, startLikeAKernel);
    assert.equal(result, false);
    assert.equal(stopped, false);
    assert.equal((await server.status()).running, true);
    await server.stop();
  });

  it('leaves it running when `warehouse start` asked to keep it, or when another client is connected', async () => {
    await server.setKeepRunning(true);
    assert.equal((await stopServerStartedDuring(server, startLikeAKernel)).stopped, false);
    assert.equal((await server.status()).running, true);
    await server.setKeepRunning(false);
    await server.stop();

    let client: Client | undefined;
    const { stopped } = await stopServerStartedDuring(server, async () => {
      const { connection } = await server.ensure();
      client = new Client({ ...connection, application_name: 'psql' });
      await client.connect();
    });
    assert.equal(stopped, false);
    assert.equal((await server.status()).running, true);
    await client?.end();
    await server.stop();
  });

  it('stops it when the work fails, and passes the error on', async () => {
    await assert.rejects(
      stopServerStartedDuring(server, async () => {
        await startLikeAKernel();
        throw new Error('a cell failed');
      }),
      /a cell failed/,
    );
    assert.equal((await server.status()).running, false);
  });
});
