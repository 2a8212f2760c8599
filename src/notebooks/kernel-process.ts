import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { raceTimeout } from './race-timeout';

export type KernelExit = { code: number | null; signal: NodeJS.Signals | null; error?: string };

export type KernelStartOptions = {
  connectionFile: string;
  /** Folder for the guard script (the run's private temporary folder). */
  workDir: string;
  /** The kernel's working folder: tslab compiles local .ts imports below it. */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** jslab (`tslab kernel --js`) instead of TypeScript. */
  js?: boolean;
};

const LOG_LIMIT = 16_000;

/**
 * Preloaded into the kernel: when the runner goes away (even killed), the IPC channel closes and
 * the kernel takes its process group down, so no orphan kernel keeps ports and memory. The channel
 * is unref'd so it never keeps an otherwise finished kernel alive.
 */
const GUARD = `'use strict';
if (process.channel) {
  process.channel.unref();
  process.on('disconnect', () => {
    try { process.kill(-process.pid, 'SIGTERM'); } catch { process.exit(1); }
  });
}
`;

/**
 * The `tslab kernel` process: `node --require <guard> node_modules/tslab/bin/tslab kernel
 * --config-path <connection file>`, in its own process group so a timeout can kill it with
 * everything it started. stdout/stderr are kept (the tail) for error messages: tslab writes there
 * before the first cell runs and for anything it cannot send over iopub.
 */
export class KernelProcess {
  readonly pid: number;
  readonly exited: Promise<KernelExit>;
  private exit?: KernelExit;
  private log = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly command: readonly string[],
  ) {
    if (child.pid === undefined) throw new Error(`could not start the tslab kernel: ${command.join(' ')}`);
    this.pid = child.pid;
    const keep = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString('utf8')).slice(-LOG_LIMIT);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        this.exit ??= { code: null, signal: null, error: error.message };
        resolve(this.exit);
      });
      child.once('exit', (code, signal) => {
        this.exit ??= { code, signal };
        resolve(this.exit);
      });
    });
  }

  static async start(options: KernelStartOptions): Promise<KernelProcess> {
    const guard = join(options.workDir, 'kernel-guard.js');
    await writeFile(guard, GUARD);
    const args = ['--require', guard, tslabBin(), 'kernel', '--config-path', options.connectionFile];
    if (options.js) args.push('--js');
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new KernelProcess(child, [process.execPath, ...args]);
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  get exitStatus(): KernelExit | undefined {
    return this.exit;
  }

  /** The last part of what the kernel wrote to its own stdout and stderr. */
  output(): string {
    return this.log;
  }

  /** Resolves true when the process has exited within `ms`. */
  async waitForExit(ms: number): Promise<boolean> {
    if (!this.running) return true;
    return (await raceTimeout(this.exited, ms)).done;
  }

  /** Signals the kernel's whole process group (the kernel leads it: it was spawned detached). */
  signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // ESRCH: the group is gone already.
    }
  }

  /** SIGTERM to the process group, then SIGKILL if it is still there after `graceMs`. */
  async kill(graceMs = 2000): Promise<void> {
    if (!this.running) return;
    this.signalGroup('SIGTERM');
    if (await this.waitForExit(graceMs)) return;
    this.signalGroup('SIGKILL');
    await this.waitForExit(graceMs);
  }

  /** Closes our side of the IPC channel and pipes once the process is gone. */
  release(): void {
    if (this.child.connected) this.child.disconnect();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}

/** tslab's CLI script, resolved from this package (tslab is a dependency of the workbook). */
export function tslabBin(): string {
  return join(dirname(require.resolve('tslab/package.json')), 'bin', 'tslab');
}
