import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * sha256 over every file of the SQL project (sorted relative paths and their bytes), so two runs
 * with the same checksum ran the same models, tests and KPI queries. Undefined when the folder
 * does not exist (a `load` outside a project).
 */
export async function projectChecksum(projectDir: string): Promise<string | undefined> {
  const files = await listFiles(projectDir).catch(() => undefined);
  if (!files) return undefined;
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(`${relative(projectDir, file).split('\\').join('/')}\0`);
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listFiles(path);
      return Promise.resolve(entry.isFile() ? [path] : []);
    }),
  );
  return nested.flat();
}
