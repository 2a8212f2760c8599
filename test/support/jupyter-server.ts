import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/**
 * A real Jupyter Notebook server (Debian's `jupyter-notebook`, classic Notebook 6) for front-end
 * tests, with nothing of the user's: the tslab kernel spec, the config, the data and runtime
 * folders all live in a private folder named by JUPYTER_PATH / JUPYTER_CONFIG_DIR /
 * JUPYTER_DATA_DIR / JUPYTER_RUNTIME_DIR. It listens on a free loopback port with a random token.
 *
 * @example
 * ```ts
 * const server = await startJupyterServer({ work, notebookDir: root, env: { ETL_WAREHOUSE_HOME: home } });
 * try { await page.goto(server.url('notebooks/01-modeling.ipynb')); } finally { await server.stop(); }
 * ```
 */

export type JupyterLookup = { path: string; reason?: undefined } | { path?: undefined; reason: string };

export type JupyterServer = {
  /** The page of `path` (relative to the notebook folder), token included. */
  url(path: string): string;
  /** Shuts down every kernel (REST), then the server; kills what is left. Returns the pids it had to kill. */
  stop(): Promise<number[]>;
  /** The notebook paths that have a session (a kernel) now. */
  sessions(): Promise<string[]>;
  /** The kernels this server started that are still running (found by their private connection files). */
  runningKernels(): number[];
};

export type JupyterServerOptions = {
  /** A fresh folder for the server's private Jupyter folders (kernel spec, config, runtime). */
  work: string;
  /** The root folder the server shows (`notebook_dir`). */
  notebookDir: string;
  /** Added to the environment of the server, so of its kernels. */
  env?: Record<string, string>;
  /** Milliseconds to wait for the server to answer (default 60 s). */
  startTimeoutMs?: number;
};

/** Finds Debian's `jupyter-notebook` on PATH and the /usr/bin/python3 it runs on (tslab installs its kernel spec with it). */
export function findJupyterNotebook(): JupyterLookup {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const path = dirs.map((dir) => join(dir, 'jupyter-notebook')).find(isExecutable);
  if (!path) {
    return {
      reason:
        'Jupyter Notebook is not installed (no jupyter-notebook on PATH); install it with `apt-get install -y jupyter-notebook`.',
    };
  }
  const check = spawnSync(path, ['--version'], { encoding: 'utf8' });
  if (check.status !== 0) return { reason: `${path} --version failed: ${check.stderr.trim()}` };
  // The page is driven through the classic front end's DOM and menus (Debian 12 ships 6.4).
  if (!check.stdout.trim().startsWith('6.'))
    return {
      reason: `${path} is Notebook ${check.stdout.trim()}; the front-end test drives Notebook 6 (Debian's jupyter-notebook).`,
    };
  return { path };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function startJupyterServer(options: JupyterServerOptions): Promise<JupyterServer> {
  const lookup = findJupyterNotebook();
  if (!lookup.path) throw new Error(lookup.reason);
  const dirs = await privateJupyterDirs(options.work);
  const token = randomBytes(16).toString('hex');
  const port = await freeLoopbackPort();
  await writeFile(
    join(dirs.config, 'jupyter_notebook_config.json'),
    JSON.stringify({
      NotebookApp: {
        token,
        password: '',
        open_browser: false,
        ip: '127.0.0.1',
        port,
        port_retries: 0, // a port taken between our probe and the server's bind fails loudly, never moves
        notebook_dir: options.notebookDir,
        allow_root: true, // CI runs as root; the server listens on loopback only
      },
    }),
  );
  const child = spawn(lookup.path, [], {
    cwd: options.notebookDir,
    detached: true, // its own process group, so a stuck server can be killed with everything it forked
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...jupyterFreeEnv(), ...dirs.env, ...options.env },
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  await waitForServer(base, token, child, () => log, options.startTimeoutMs ?? 60_000);
  const runningKernels = () => processesMentioning(dirs.runtime);
  return {
    url: (path) => `${base}/notebooks/${path.split('/').map(encodeURIComponent).join('/')}?token=${token}`,
    runningKernels,
    sessions: async () => {
      const response = await fetch(`${base}/api/sessions`, { headers: { Authorization: `token ${token}` } });
      if (!response.ok) throw new Error(`GET ${base}/api/sessions answered ${response.status}`);
      return ((await response.json()) as { path: string }[]).map((session) => session.path);
    },
    stop: () => stopServer(base, token, child, runningKernels),
  };
}

async function privateJupyterDirs(work: string) {
  const dirs = {
    kernels: join(work, 'kernels'),
    config: join(work, 'config'),
    data: join(work, 'data'),
    runtime: join(work, 'runtime'),
  };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  // The project's own tslab (the version package-lock.json pins) registers the kernel spec.
  const install = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'tslab'),
    [
      'install',
      '--python',
      '/usr/bin/python3',
      '--prefix',
      dirs.kernels,
      '--binary',
      join(ROOT, 'node_modules', '.bin', 'tslab'),
    ],
    { encoding: 'utf8' },
  );
  if (install.status !== 0)
    throw new Error(`tslab install failed (exit ${install.status}): ${install.stderr || install.stdout}`);
  const env = {
    JUPYTER_PATH: join(dirs.kernels, 'share', 'jupyter'),
    JUPYTER_CONFIG_DIR: dirs.config,
    JUPYTER_DATA_DIR: dirs.data,
    JUPYTER_RUNTIME_DIR: dirs.runtime,
  };
  return { ...dirs, env };
}

/** The environment without the user's own Jupyter settings. */
function jupyterFreeEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('JUPYTER')));
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

async function waitForServer(
  base: string,
  token: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `jupyter-notebook exited (code ${child.exitCode}) before answering. Its log:\n${log()}`,
      );
    const answered = await fetch(`${base}/api/status`, { headers: { Authorization: `token ${token}` } })
      .then((response) => response.ok)
      .catch(() => false);
    if (answered) return;
    await new Promise((wake) => setTimeout(wake, 250));
  }
  child.kill('SIGKILL');
  throw new Error(
    `jupyter-notebook did not answer on ${base} within ${timeoutMs / 1000} s. Its log:\n${log()}`,
  );
}

async function stopServer(
  base: string,
  token: string,
  child: ChildProcess,
  runningKernels: () => number[],
): Promise<number[]> {
  const headers = { Authorization: `token ${token}` };
  if (child.exitCode === null && child.signalCode === null) {
    // /api/shutdown shuts the kernels down cleanly, then the server.
    await fetch(`${base}/api/shutdown`, { method: 'POST', headers }).catch(() => undefined);
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const timer = new Promise<void>((done) => setTimeout(done, 15_000));
    await Promise.race([exited, timer]);
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
  }
  // Kernels run in sessions of their own: whatever outlived the server is found by its private
  // connection file (JUPYTER_RUNTIME_DIR is ours alone) and killed by pid.
  const left = runningKernels();
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  return left;
}

/** Pids of processes whose command line mentions `text` (Linux /proc; empty elsewhere). */
function processesMentioning(text: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        return command.includes(text) && Number(entry) !== process.pid ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });
}
