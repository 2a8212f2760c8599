import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package's version (package.json sits two folders above src/history and dist/history). */
export function cliVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
