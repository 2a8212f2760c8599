import { execFileSync, spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, statSync } from 'node:fs';
import { dirname, parse } from 'node:path';

/** Who runs the server: ourselves, or (PostgreSQL refuses to run as root) a `postgres` account. */
export interface ServerAccount {
  uid?: number;
  gid?: number;
  name: string;
}

/**
 * PostgreSQL refuses to run as root. As root we run it as the system user `postgres`, creating
 * it if needed, and make sure that user can traverse every folder above the binaries and the data
 * (a checkout under a 0700 home would otherwise make initdb fail with EACCES).
 */
export function serverAccount(pathsToReach: string[], notice: (message: string) => void): ServerAccount {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    return { name: 'current user' };
  }
  let ids = lookupIds('postgres');
  if (!ids) {
    execFileSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
      {
        stdio: 'ignore',
      },
    );
    ids = lookupIds('postgres');
    if (!ids)
      throw new Error('Could not create the system user "postgres" needed to run PostgreSQL as root.');
  }
  for (const path of pathsToReach) grantTraverse(path, notice);
  return { ...ids, name: 'postgres' };
}

function lookupIds(user: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

function grantTraverse(path: string, notice: (message: string) => void): void {
  const root = parse(path).root;
  for (let dir = dirname(path); dir !== root; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & constants.S_IXOTH) === 0) {
      chmodSync(dir, mode | constants.S_IXOTH);
      notice(
        `Allowed the postgres user to traverse ${dir} (chmod o+x) so the embedded server can reach its files.`,
      );
    }
  }
}

/** Runs a PostgreSQL tool as the server account; resolves with its output, rejects with it. */
export function runTool(
  command: string,
  args: string[],
  account: ServerAccount,
  cwd: string,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      uid: account.uid,
      gid: account.gid,
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else
        reject(new Error(`${command} ${args[0] ?? ''} failed (exit ${code}): ${(stderr || stdout).trim()}`));
    });
  });
}

export function isReadable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
