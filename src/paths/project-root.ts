import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The folder holding `sql/project.yml`, searched upwards from `start`. Notebooks run with their
 * own folder as working directory, so relative defaults (data/, sql/, target/, .warehouse/) are
 * resolved against this root rather than the working directory.
 */
export function projectRoot(start: string = process.cwd()): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'sql', 'project.yml'))) return dir;
    if (dirname(dir) === dir) return resolve(start);
  }
}
