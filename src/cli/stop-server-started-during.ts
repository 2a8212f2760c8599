import { join } from 'node:path';
import { projectRoot } from '../paths/project-root';
import { EmbeddedServer } from '../warehouse/embedded-server';

/** The local embedded server the CLI and the notebooks' kernels share (ETL_WAREHOUSE_HOME or .warehouse/). */
export function localServer(log?: (message: string) => void): EmbeddedServer {
  return new EmbeddedServer(process.env.ETL_WAREHOUSE_HOME ?? join(projectRoot(), '.warehouse'), log);
}

/**
 * Runs `work`, which starts the embedded server in other processes (the notebooks' kernels keep it
 * up for the next notebook), then stops the server if it was not running before — unless
 * `warehouse start` asked to keep it or someone else (a Jupyter session, psql) is connected.
 * Resolves with work's result and whether the server was stopped; stops it on failure too.
 */
export async function stopServerStartedDuring<T>(
  server: EmbeddedServer,
  work: () => Promise<T>,
): Promise<{ result: T; stopped: boolean }> {
  const runningBefore = (await server.status()).running;
  let result: T;
  try {
    result = await work();
  } catch (error) {
    if (!runningBefore) await stopIfIdle(server).catch(() => false);
    throw error;
  }
  return { result, stopped: runningBefore ? false : await stopIfIdle(server) };
}

async function stopIfIdle(server: EmbeddedServer): Promise<boolean> {
  const status = await server.status();
  if (!status.running || (await server.keepRunningRequested())) return false;
  const { connection } = await server.ensure();
  if (await server.hasOtherClients(connection)) return false;
  return server.stop();
}
