import { randomBytes } from 'node:crypto';
import { chownSync, existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { Client } from 'pg';
import { withFileLock } from './file-lock';
import { postgresBinaries } from './postgres-binaries';
import { isProcessAlive } from './process-alive';
import { runTool, type ServerAccount, serverAccount } from './run-as-postgres';

/** Where and how to reach a running embedded server. The password stays out of `toString`. */
export interface EmbeddedConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  application_name: string;
}

export interface EmbeddedServerStatus {
  running: boolean;
  dataDir: string;
  pid?: number;
  port?: number;
}

export interface EnsureServerResult {
  connection: EmbeddedConnection;
  /** True when this call started the server (so this process may stop it when done). */
  startedHere: boolean;
}

const USER = 'postgres';
const DATABASE = 'warehouse';

/**
 * The embedded PostgreSQL under `<home>/pg` (home is `.warehouse/` by default). Started with
 * pg_ctl as a detached server listening on 127.0.0.1 only, so other processes (a notebook kernel
 * while the CLI runs) share it and a killed Node process does not take it down. A stale
 * postmaster.pid (the server itself was killed) is detected and removed before starting.
 */
export class EmbeddedServer {
  readonly home: string;
  readonly dataDir: string;

  constructor(
    home: string,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.home = resolve(home);
    this.dataDir = join(this.home, 'pg');
  }

  async status(): Promise<EmbeddedServerStatus> {
    const pidFile = await this.readPidFile();
    if (!pidFile || !isProcessAlive(pidFile.pid) || !(await isPostgresProcess(pidFile.pid))) {
      return { running: false, dataDir: this.dataDir };
    }
    return { running: true, dataDir: this.dataDir, pid: pidFile.pid, port: pidFile.port };
  }

  /** Returns a connection to the running server, initialising and starting it when needed. */
  async ensure(): Promise<EnsureServerResult> {
    await mkdir(this.home, { recursive: true });
    return withFileLock(
      join(this.home, 'start.lock'),
      async () => {
        const running = await this.status();
        const password = await this.password();
        if (running.running && running.port) {
          return { connection: this.connection(running.port, password), startedHere: false };
        }
        const binaries = postgresBinaries();
        const account = serverAccount([binaries.binDir, this.dataDir], this.log);
        if (!existsSync(join(this.dataDir, 'PG_VERSION'))) await this.initialise(account, password);
        await rm(join(this.dataDir, 'postmaster.pid'), { force: true });
        const port = await freePort();
        this.log(`Starting the embedded PostgreSQL on 127.0.0.1:${port} (data in ${this.dataDir})`);
        await runTool(
          binaries.pgCtl,
          [
            'start',
            '-D',
            this.dataDir,
            '-l',
            join(this.home, 'postgres.log'),
            '-w',
            '-t',
            '60',
            '-o',
            `-p ${port}`,
          ],
          account,
          this.home,
        ).catch(async (error: Error) => {
          const tail = await readFile(join(this.home, 'postgres.log'), 'utf8').catch(() => '');
          throw new Error(
            `The embedded PostgreSQL did not start: ${error.message}\nLast lines of ${join(this.home, 'postgres.log')}:\n${tail.split('\n').slice(-8).join('\n')}`,
          );
        });
        const connection = this.connection(port, password);
        await createDatabaseIfMissing(connection);
        return { connection, startedHere: true };
      },
      { onWait: (pid) => this.log(`Waiting for process ${pid}, which is starting the embedded PostgreSQL…`) },
    );
  }

  /** Stops the server (fast shutdown: open transactions roll back). No-op when it is not running. */
  async stop(): Promise<boolean> {
    const running = await this.status();
    if (!running.running) return false;
    const binaries = postgresBinaries();
    const account = serverAccount([binaries.binDir, this.dataDir], this.log);
    await runTool(
      binaries.pgCtl,
      ['stop', '-D', this.dataDir, '-m', 'fast', '-w', '-t', '60'],
      account,
      this.home,
    );
    return true;
  }

  /** `etl-workbook warehouse start` asks for the server to stay up after a run. */
  async keepRunningRequested(): Promise<boolean> {
    return existsSync(join(this.home, 'keep-running'));
  }

  async setKeepRunning(keep: boolean): Promise<void> {
    if (keep) await writeFile(join(this.home, 'keep-running'), 'started by `etl-workbook warehouse start`\n');
    else await rm(join(this.home, 'keep-running'), { force: true });
  }

  /** Whether clients other than the asking process (a notebook kernel, psql) are connected. */
  async hasOtherClients(connection: EmbeddedConnection): Promise<boolean> {
    const client = new Client({ ...connection, database: 'postgres' });
    try {
      await client.connect();
      const result = await client.query(
        "select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid() and application_name <> $1",
        [`etl-workbook:${process.pid}`],
      );
      return (result.rows[0]?.n ?? 0) > 0;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  }

  private connection(port: number, password: string): EmbeddedConnection {
    return {
      host: '127.0.0.1',
      port,
      user: USER,
      password,
      database: DATABASE,
      application_name: `etl-workbook:${process.pid}`,
    };
  }

  private async initialise(account: ServerAccount, password: string): Promise<void> {
    const binaries = postgresBinaries();
    this.log(`Creating the embedded PostgreSQL cluster in ${this.dataDir}`);
    await rm(this.dataDir, { recursive: true, force: true });
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    const pwFile = join(this.home, `.pwfile-${process.pid}`);
    await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
    if (account.uid !== undefined && account.gid !== undefined) {
      chownSync(this.dataDir, account.uid, account.gid);
      chownSync(pwFile, account.uid, account.gid);
      chownSync(this.home, account.uid, account.gid);
    }
    try {
      await runTool(
        binaries.initdb,
        [
          '-D',
          this.dataDir,
          '-U',
          USER,
          '-A',
          'scram-sha-256',
          `--pwfile=${pwFile}`,
          '-E',
          'UTF8',
          '--locale=C',
          '--no-sync',
        ],
        account,
        this.home,
      );
    } finally {
      await rm(pwFile, { force: true });
    }
    // Loopback only; no Unix socket (its path length limit breaks deep checkouts). wal_level
    // minimal lets COPY into a table truncated in the same transaction skip the WAL.
    await appendFile(
      join(this.dataDir, 'postgresql.conf'),
      [
        '',
        '# etl-workbook settings',
        "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = ''",
        'wal_level = minimal',
        'max_wal_senders = 0',
        'synchronous_commit = off',
        'shared_buffers = 256MB',
        'work_mem = 64MB',
        'maintenance_work_mem = 256MB',
        'max_connections = 100',
        "timezone = 'UTC'",
        '',
      ].join('\n'),
    );
  }

  /** A random password made once per warehouse, kept in a 0600 file next to the data. */
  private async password(): Promise<string> {
    const file = join(this.home, 'credentials');
    const existing = await readFile(file, 'utf8').catch(() => undefined);
    if (existing?.trim()) return existing.trim();
    const password = randomBytes(18).toString('base64url');
    await writeFile(file, `${password}\n`, { mode: 0o600 });
    return password;
  }

  private async readPidFile(): Promise<{ pid: number; port: number } | undefined> {
    const text = await readFile(join(this.dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
    if (!text) return undefined;
    const lines = text.split('\n');
    const pid = Number.parseInt(lines[0] ?? '', 10);
    const port = Number.parseInt(lines[3] ?? '', 10);
    return Number.isFinite(pid) && Number.isFinite(port) ? { pid, port } : undefined;
  }
}

/** A pid from a stale postmaster.pid may have been reused by an unrelated process. */
async function isPostgresProcess(pid: number): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  if (cmdline === undefined) return true; // no /proc: trust the pid
  const argv0 = cmdline.split('\0')[0] ?? '';
  return basename(argv0) === 'postgres';
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('Could not find a free TCP port on 127.0.0.1.'));
      });
    });
  });
}

async function createDatabaseIfMissing(connection: EmbeddedConnection): Promise<void> {
  const client = new Client({ ...connection, database: 'postgres' });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [connection.database]);
    if (exists.rowCount === 0) await client.query(`create database "${connection.database}"`);
  } finally {
    await client.end();
  }
}
