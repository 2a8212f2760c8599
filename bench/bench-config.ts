import { resolve } from 'node:path';

/** What `npm run bench` measures, from the environment (see bench/README.md). */
export interface BenchConfig {
  /** Simulated years of each dataset size, smallest first. */
  sizes: number[];
  seed: number;
  /** Repetitions per size (the 10-year size gets `largeRepetitions`). */
  repetitions: number;
  largeRepetitions: number;
  quick: boolean;
  /** Where datasets, outputs and results go. */
  outDir: string;
  /** Home of the embedded server the bench uses (never the project's .warehouse/). */
  warehouseHome: string;
  /** Use this PostgreSQL instead of the embedded one (no cold-start measurements then). */
  databaseUrl?: string;
  skipNotebooks: boolean;
  skipCompile: boolean;
  /** BENCH_DIFF=0 leaves out the diff benchmark (bench/diff.ts). */
  skipDiff: boolean;
}

function integers(value: string | undefined, fallback: number[]): number[] {
  if (!value) return fallback;
  const numbers = value.split(',').map((part) => Number(part.trim()));
  if (numbers.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`BENCH_SIZES must be whole years separated by commas (e.g. 1,3,10), got "${value}".`);
  }
  return numbers;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, got "${value}".`);
  return n;
}

export function benchConfig(root: string, env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = env.BENCH_QUICK === '1';
  const outDir = resolve(root, env.BENCH_OUT ?? 'target/bench');
  return {
    sizes: quick ? [1] : integers(env.BENCH_SIZES, [1, 3, 10]),
    seed: positive('BENCH_SEED', env.BENCH_SEED, 42),
    repetitions: quick ? 1 : positive('BENCH_REPS', env.BENCH_REPS, 3),
    largeRepetitions: quick ? 1 : positive('BENCH_LARGE_REPS', env.BENCH_LARGE_REPS, 3),
    quick,
    outDir,
    warehouseHome: resolve(root, env.BENCH_WAREHOUSE_HOME ?? `${outDir}/warehouse`),
    databaseUrl: env.BENCH_DATABASE_URL || undefined,
    skipNotebooks: env.BENCH_NOTEBOOKS === '0',
    skipCompile: env.BENCH_COMPILE === '0',
    skipDiff: env.BENCH_DIFF === '0',
  };
}
