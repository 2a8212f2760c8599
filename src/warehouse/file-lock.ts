import { open, readFile, rm } from 'node:fs/promises';
import { isProcessAlive } from './process-alive';

/**
 * A lock file holding the owner's pid. A lock whose owner is gone (a killed run) is taken over,
 * so a crash never blocks the next run.
 */
export async function withFileLock<T>(
  path: string,
  work: () => Promise<T>,
  options: { timeoutMs?: number; onWait?: (ownerPid: number) => void } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let told = false;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (!Number.isFinite(owner) || !isProcessAlive(owner)) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Timed out waiting for the lock ${path} held by process ${owner}. If no such run is going on, delete the file.`,
        );
      }
      if (!told) options.onWait?.(owner);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}
