import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PRELOAD = join(__dirname, 'peak-rss-preload.cjs');

export interface ProcessMeasurement {
  seconds: number;
  /** Peak RSS of the measured Node process (the one whose argv matches `rssOf`), in MB. */
  peakRssMb?: number;
  stdout: string;
}

export interface MeasureOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Which Node process's peak RSS to report: the first argv element containing this text. */
  rssOf?: string;
}

/**
 * Runs a command as a whole process and measures its wall time (spawn to exit) and, for Node
 * processes, their peak RSS through a preload that reports getrusage at exit. Rejects when the
 * command exits non-zero, with the end of its output.
 */
export async function measureProcess(
  command: string,
  args: string[],
  options: MeasureOptions = {},
): Promise<ProcessMeasurement> {
  const rusageDir = mkdtempSync(join(tmpdir(), 'etl-bench-rusage-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.rssOf) {
    env.BENCH_RUSAGE_DIR = rusageDir;
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${PRELOAD}`.trim();
  }
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await run(command, args, env, options.cwd);
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) {
      throw new Error(
        `${[command, ...args].join(' ')} exited with ${code}:\n${tail(stderr || stdout)}\nRun it by hand to see the whole output.`,
      );
    }
    return { seconds, peakRssMb: options.rssOf ? peakRss(rusageDir, options.rssOf) : undefined, stdout };
  } finally {
    rmSync(rusageDir, { recursive: true, force: true });
  }
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // Keep only the end: a 10-year run must not make the bench itself grow.
    child.stdout.on('data', (chunk: Buffer) => {
      stdout = (stdout + chunk.toString()).slice(-20_000);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-20_000);
    });
    child.on('error', (error) =>
      reject(new Error(`Could not start ${command}: ${error.message}. Is it installed and on PATH?`)),
    );
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function peakRss(dir: string, rssOf: string): number | undefined {
  let peakKb: number | undefined;
  for (const file of readdirSync(dir)) {
    const record = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { argv: string[]; maxRssKb: number };
    if (record.argv.some((arg) => arg.includes(rssOf))) peakKb = Math.max(peakKb ?? 0, record.maxRssKb);
  }
  return peakKb === undefined ? undefined : Math.round(peakKb / 1024);
}

function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
