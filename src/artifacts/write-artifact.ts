import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Writes `target/<name>` atomically (temp file + rename), so a killed run never leaves half a file. */
export async function writeArtifact(outDir: string, name: string, content: unknown): Promise<string> {
  const path = join(outDir, name);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  await rename(temp, path);
  return path;
}
