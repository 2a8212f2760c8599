import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeConnectionFile } from './connection-file';
import type { JupyterMessage } from './jupyter-message';
import { KernelClient } from './kernel-client';
import { type KernelExit, KernelProcess } from './kernel-process';
import { NotebookError } from './notebook-error';
import { raceTimeout } from './race-timeout';

export type KernelSessionOptions = {
  /** The notebook, for error messages. */
  notebook: string;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  js?: boolean;
  startTimeoutMs: number;
  onIopub: (message: JupyterMessage) => void;
};

export type ExecuteOutcome =
  | { status: 'ok' | 'error' | 'abort'; executionCount: number | null; startedAt: string; repliedAt: string }
  | { status: 'timeout' }
  | { status: 'kernel-exit'; exit: KernelExit };

/** After the reply, how long the kernel may take to publish `idle` (its last outputs come first). */
const IDLE_GRACE_MS = 5000;

/**
 * One tslab kernel for one notebook: process + connection file + client, started and checked
 * ready (kernel_info_reply, iopub live) before the first cell, and always shut down: shutdown_request
 * on control, then SIGTERM/SIGKILL to the process group if it lingers; straight to the kill after a
 * timeout or when the kernel is unresponsive.
 */
export class KernelSession {
  private stopping?: Promise<void>;

  private constructor(
    readonly kernel: KernelProcess,
    readonly client: KernelClient,
    private readonly workDir: string,
    /** kernel_info_reply content: language_info goes into the executed notebook's metadata. */
    readonly kernelInfo: Record<string, unknown>,
    readonly startMs: number,
  ) {}

  /**
   * Starts a kernel; retried (twice) when its ports were taken between choosing and binding them:
   * the connection file's free ports are only free when chosen, and a busy machine running other
   * kernels or servers can bind one first (the kernel then logs EADDRINUSE and never answers);
   * zeromq's EBUSY ("Socket is blocked by a bind or unbind operation") is the same race seen from
   * the other side.
   */
  static async start(options: KernelSessionOptions): Promise<KernelSession> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await KernelSession.startOnce(options);
      } catch (error) {
        const portTaken = error instanceof NotebookError && /EADDRINUSE|EBUSY/.test(error.errorText ?? '');
        if (!portTaken || attempt >= 3) throw error;
      }
    }
  }

  private static async startOnce(options: KernelSessionOptions): Promise<KernelSession> {
    const started = Date.now();
    const workDir = await mkdtemp(join(tmpdir(), 'etl-workbook-kernel-'));
    const connectionFile = join(workDir, 'connection.json');
    let kernel: KernelProcess | undefined;
    let client: KernelClient | undefined;
    try {
      const info = await writeConnectionFile(connectionFile, options.js ? 'jslab' : 'tslab');
      kernel = await KernelProcess.start({
        connectionFile,
        workDir,
        cwd: options.cwd,
        env: options.env,
        js: options.js,
      });
      client = KernelClient.connect(info, options.onIopub);
      const ready = await Promise.race([
        client.waitForReady(options.startTimeoutMs).then((reply) => ({ reply })),
        kernel.exited.then((exit) => ({ exit })),
      ]);
      if ('reply' in ready && ready.reply) {
        return new KernelSession(kernel, client, workDir, ready.reply.content, Date.now() - started);
      }
      const exit = 'exit' in ready ? ready.exit : undefined;
      const command = kernel.command.join(' ');
      throw new NotebookError({
        notebook: options.notebook,
        reason: exit ? 'kernel-exit' : 'kernel-start',
        problem: exit
          ? `the tslab kernel exited (${describeExit(exit)}) before it was ready; command: ${command} (in ${options.cwd})`
          : `the tslab kernel did not answer kernel_info_request within ${seconds(options.startTimeoutMs)} and was killed; command: ${command} (in ${options.cwd})`,
        errorText: [kernel.output().trim(), ...client.wireErrors].filter(Boolean).join('\n') || undefined,
        kernelPid: kernel.pid,
        hint: exit
          ? 'Run the command above by hand to see why the kernel stops (NODE_OPTIONS and a broken node_modules are the usual causes).'
          : undefined,
      });
    } catch (error) {
      // Not ready (or could not even start): nothing to shut down gracefully.
      client?.close();
      if (kernel?.running) await kernel.kill();
      kernel?.release();
      await rm(workDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Runs `code` as one cell. `track(msgId)` is called before any of its output can arrive. */
  async execute(code: string, timeoutMs: number, track: (msgId: string) => void): Promise<ExecuteOutcome> {
    const deadline = Date.now() + timeoutMs;
    const startedAt = new Date().toISOString();
    const request = this.client.request('shell', 'execute_request', {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    track(request.msgId);
    const exited = this.kernel.exited.then((exit) => ({ exit }));
    const first = await raceTimeout(
      Promise.race([request.reply.then((reply) => ({ reply })), exited]),
      timeoutMs,
    );
    if (!first.done) return { status: 'timeout' };
    if ('exit' in first.value) return { status: 'kernel-exit', exit: first.value.exit };
    const reply = first.value.reply;
    const repliedAt = new Date().toISOString();
    await raceTimeout(Promise.race([request.idle, exited]), Math.min(IDLE_GRACE_MS, deadline - Date.now()));
    const status = reply.content.status;
    const count = reply.content.execution_count;
    return {
      status: status === 'ok' || status === 'abort' ? status : 'error',
      executionCount: typeof count === 'number' ? count : null,
      startedAt,
      repliedAt,
    };
  }

  /**
   * One kernel_info round trip: everything the kernel published before it (late output of the
   * last cell, an unhandled rejection) has then arrived, since iopub delivers in order.
   */
  async settle(timeoutMs = 2000): Promise<void> {
    const request = this.client.request('shell', 'kernel_info_request', {});
    await raceTimeout(Promise.race([request.idle, this.kernel.exited]), timeoutMs);
    this.client.forget(request.msgId);
  }

  /**
   * Stops the kernel and releases everything. `graceful`: ask with shutdown_request first (skip it
   * after a timeout: the kernel is busy and would not answer). Safe to call more than once.
   */
  shutdown(graceful: boolean): Promise<void> {
    this.stopping ??= this.stop(graceful);
    return this.stopping;
  }

  private async stop(graceful: boolean): Promise<void> {
    try {
      if (graceful && this.kernel.running) {
        const request = this.client.request('control', 'shutdown_request', { restart: false });
        await raceTimeout(Promise.race([request.reply, this.kernel.exited]), 2000);
      }
      this.client.close();
      if (graceful) await this.kernel.waitForExit(1000);
      if (this.kernel.running) await this.kernel.kill();
    } finally {
      this.client.close();
      this.kernel.release();
      await rm(this.workDir, { recursive: true, force: true });
    }
  }
}

export function describeExit(exit: KernelExit): string {
  if (exit.error) return `could not run: ${exit.error}`;
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
