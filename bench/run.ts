import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runPsqlScript, writeBaselineLoadScript, writeModelsOnlyScript } from './baseline';
import { benchConfig } from './bench-config';
import { type BenchServer, findPsql, openBenchServer } from './bench-server';
import { benchDataset } from './datasets';
import { benchDiff } from './diff';
import { loadAverageNow, machineInfo } from './machine-info';
import { measureProcess, type ProcessMeasurement } from './measure-process';
import type { BenchResults, SizeResult, StepResult } from './measurements';
import { sizeRatios } from './ratios';
import { resultsMarkdown } from './results-markdown';
import { round, summarize } from './stats';

const ROOT = resolve(__dirname, '..');
const CLI = 'bin/etl-workbook.js';
const log = (line: string) => process.stderr.write(`${line}\n`);

/** `npm run bench`: our pipeline side by side with psql on the same server; see bench/README.md. */
async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) {
    throw new Error('dist/ is not built: run `npm run build` (or `npm install`) first.');
  }
  const config = benchConfig(ROOT);
  mkdirSync(config.outDir, { recursive: true });
  const psql = findPsql();
  const notes: string[] = [];
  if (!psql) {
    notes.push(
      'psql was not found: the baselines are left out. Install it (Debian: `apt-get install postgresql-client`) to get the ratios.',
    );
  }
  log(`Starting the bench server (${config.databaseUrl ? 'BENCH_DATABASE_URL' : config.warehouseHome})…`);
  const server = await openBenchServer(ROOT, config.warehouseHome, config.databaseUrl);
  try {
    const results: BenchResults = {
      startedAt: new Date().toISOString(),
      quick: config.quick,
      machine: machineInfo(await serverVersion(server, psql?.path), psql?.version),
      server: server.description,
      notes,
      sizes: [],
    };
    results.cliHelp = await step(config.quick ? 3 : 5, () =>
      measureProcess(process.execPath, [CLI, '--help'], { cwd: ROOT, rssOf: CLI }),
    );
    log(`CLI startup (--help): ${results.cliHelp.seconds.median} s`);
    for (const years of config.sizes) {
      results.sizes.push(await benchSize(years, config, server, psql?.path));
      write(config.outDir, results);
    }
    if (server.embedded) results.cold = await benchCold(config.repetitions, config.outDir, server);
    if (!config.skipNotebooks) results.notebooks = await benchNotebooks(config.outDir, server, notes);
    if (!config.skipCompile) results.compile = await benchCompile(notes);
    if (!config.skipDiff) {
      results.diff = await benchDiff(
        ROOT,
        config.outDir,
        join(ROOT, 'data/datasets'),
        server,
        config.quick ? 1 : 3,
      );
      log(`diff with attribution (one year): ${results.diff.diffSeconds.median} s`);
    }
    results.finishedAt = new Date().toISOString();
    results.finishLoadAverage = loadAverageNow();
    write(config.outDir, results);
    log(`\n${resultsMarkdown(results)}`);
    log(`Results: ${join(config.outDir, 'results.json')} and results.md`);
  } finally {
    await server.finish();
  }
}

async function benchSize(
  years: number,
  config: ReturnType<typeof benchConfig>,
  server: BenchServer,
  psql: string | undefined,
): Promise<SizeResult> {
  const dataset = await benchDataset(ROOT, config.outDir, years, config.seed, log);
  const out = join(config.outDir, `out-y${years}`);
  const ours =
    (command: string, ...args: string[]) =>
    () =>
      measureProcess(
        process.execPath,
        [CLI, command, '--data', dataset.dir, '--out', out, '-q', ...server.cliArgs, ...args],
        { cwd: ROOT, env: server.cliEnv, rssOf: CLI },
      );
  const loadScript = writeBaselineLoadScript(dataset.dir, join(config.outDir, `baseline-load-y${years}.sql`));
  const transformScript = join(__dirname, 'baseline-transform.sql');
  const copy = psql ? () => runPsqlScript(psql, loadScript, server.psqlEnv, ROOT) : undefined;
  const transform = psql ? () => runPsqlScript(psql, transformScript, server.psqlEnv, ROOT) : undefined;
  const modelsScript = writeModelsOnlyScript(transformScript, join(config.outDir, 'baseline-models.sql'));
  const models = psql ? () => runPsqlScript(psql, modelsScript, server.psqlEnv, ROOT) : undefined;

  log(
    `\n${years} year(s): ${(dataset.bytes / 1e6).toFixed(0)} MB, ${dataset.rows.raw_items} items — warming up…`,
  );
  // Creates the raw tables for psql and brings the files into the page cache for both sides.
  await ours('load')();
  await copy?.();

  const reps = years >= 10 ? config.largeRepetitions : config.repetitions;
  const samples: Record<string, ProcessMeasurement[]> = {};
  const take = async (name: string, measure?: () => Promise<ProcessMeasurement>) => {
    if (!measure) return;
    await server.settle();
    const sample = await measure();
    samples[name] = [...(samples[name] ?? []), sample];
    log(
      `  ${name.padEnd(20)} ${sample.seconds.toFixed(2)} s${sample.peakRssMb ? `  ${sample.peakRssMb} MB` : ''}`,
    );
  };
  // Interleaved, so a noisy neighbour slows both sides alike.
  for (let rep = 1; rep <= reps; rep++) {
    log(` repetition ${rep}/${reps}`);
    await take('psql \\copy', copy);
    await take('load', ours('load'));
    await take('psql transform', transform);
    await take('psql models only', models);
    await take('build', ours('build'));
    await take('kpis', ours('kpis'));
    await take('run', ours('run'));
  }
  const summary = (name: string): StepResult | undefined => {
    const list = samples[name];
    if (!list) return undefined;
    const rss = list.map((s) => s.peakRssMb).filter((mb): mb is number => mb !== undefined);
    return {
      seconds: summarize(list.map((s) => s.seconds)),
      peakRssMb: rss.length ? summarize(rss) : undefined,
    };
  };
  const result: SizeResult = {
    years,
    seed: config.seed,
    bytes: dataset.bytes,
    rows: dataset.rows,
    repetitions: reps,
    baseline: {
      copy: summary('psql \\copy'),
      transform: summary('psql transform'),
      models: summary('psql models only'),
      checks: checkCount(samples['psql transform']?.[0]?.stdout),
    },
    ours: {
      load: summary('load') as StepResult,
      build: summary('build') as StepResult,
      kpis: summary('kpis') as StepResult,
      run: summary('run') as StepResult,
      tests: testCount(join(out, 'run_results.json')),
    },
    ratios: {},
  };
  result.ratios = sizeRatios(result);
  const { baseline } = result;
  if (
    baseline.checks !== undefined &&
    result.ours.tests !== undefined &&
    baseline.checks !== result.ours.tests
  ) {
    log(
      `  Note: bench/baseline-transform.sql runs ${baseline.checks} checks but the project has ${result.ours.tests} tests: bring the script in step with sql/.`,
    );
  }
  return result;
}

/** `npm run pipeline` from a stopped server (its start included), and once from a fresh home. */
async function benchCold(reps: number, outDir: string, server: BenchServer): Promise<BenchResults['cold']> {
  log('\nCold pipeline (server stopped before each run)…');
  const pipeline = (env: NodeJS.ProcessEnv) => () =>
    measureProcess(process.execPath, [CLI, 'run', '-q', '--out', join(outDir, 'out-cold')], {
      cwd: ROOT,
      env,
      rssOf: CLI,
    });
  const runs: ProcessMeasurement[] = [];
  for (let rep = 0; rep < reps; rep++) {
    await server.stop();
    runs.push(await pipeline(server.cliEnv)());
    log(`  cold run ${runs.at(-1)?.seconds.toFixed(2)} s`);
  }
  const freshHome = join(outDir, 'fresh-home');
  rmSync(freshHome, { recursive: true, force: true });
  let firstRun: ProcessMeasurement | undefined;
  try {
    firstRun = await pipeline({ ETL_WAREHOUSE_HOME: freshHome })();
    log(`  first run (creates the cluster) ${firstRun.seconds.toFixed(2)} s`);
  } finally {
    rmSync(freshHome, { recursive: true, force: true });
  }
  await server.keepRunning();
  return {
    dataset: 'data/datasets (committed, 1 year)',
    pipeline: toStep(runs),
    firstRun: toStep([firstRun]),
  };
}

async function benchNotebooks(
  outDir: string,
  server: BenchServer,
  notes: string[],
): Promise<BenchResults['notebooks']> {
  const dir = join(ROOT, 'notebooks');
  if (!existsSync(dir) || !readdirSync(dir).some((name) => /^\d+.*\.ipynb$/.test(name))) {
    notes.push('No notebooks in notebooks/: notebook execution time not measured.');
    return undefined;
  }
  log('\nNotebooks (headless, tslab kernel)…');
  const { runNotebooks } = await import('../src/notebooks/run-notebooks');
  const started = performance.now();
  try {
    const runs = await runNotebooks(dir, { outDir: join(outDir, 'notebooks'), env: server.cliEnv });
    const seconds = round((performance.now() - started) / 1000);
    log(`  ${runs.length} notebooks ${seconds} s`);
    return {
      seconds,
      notebooks: runs.map((run) => ({
        name: run.notebook.split('/').at(-1) ?? run.notebook,
        seconds: round(run.durationMs / 1000),
        kernelStartSeconds: round(run.kernelStartMs / 1000),
      })),
    };
  } catch (error) {
    notes.push(`The notebooks did not run through: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

/** bench/compile.ts (the 1,000/10,000-model synthetic compile) when it is there. */
async function benchCompile(notes: string[]): Promise<unknown> {
  if (!existsSync(join(__dirname, 'compile.ts'))) {
    notes.push('bench/compile.ts is not there yet: compile benchmark not run.');
    return undefined;
  }
  log('\nCompile benchmark (bench/compile.ts)…');
  // A path, not a literal specifier: the type check must pass while the file does not exist yet.
  const path = join(__dirname, 'compile.ts');
  const module = (await import(path)) as { compileBenchmark?: () => Promise<unknown> | unknown };
  if (typeof module.compileBenchmark !== 'function') {
    notes.push('bench/compile.ts exports no compileBenchmark(): compile benchmark not run.');
    return undefined;
  }
  return module.compileBenchmark();
}

async function step(reps: number, measure: () => Promise<ProcessMeasurement>): Promise<StepResult> {
  const runs: ProcessMeasurement[] = [];
  for (let rep = 0; rep < reps; rep++) runs.push(await measure());
  return toStep(runs);
}

function toStep(runs: (ProcessMeasurement | undefined)[]): StepResult {
  const present = runs.filter((run): run is ProcessMeasurement => run !== undefined);
  const rss = present.map((run) => run.peakRssMb).filter((mb): mb is number => mb !== undefined);
  return {
    seconds: summarize(present.map((run) => run.seconds)),
    peakRssMb: rss.length ? summarize(rss) : undefined,
  };
}

async function serverVersion(server: BenchServer, psql?: string): Promise<string> {
  if (psql) {
    const { stdout } = await measureProcess(psql, ['-X', '-A', '-t', '-c', 'show server_version'], {
      env: server.psqlEnv,
    });
    return `PostgreSQL ${stdout.trim()}`;
  }
  const { Client } = await import('pg');
  const env = server.psqlEnv;
  const client = new Client({
    host: env.PGHOST,
    port: Number(env.PGPORT),
    user: env.PGUSER,
    password: env.PGPASSWORD,
    database: env.PGDATABASE,
  });
  await client.connect();
  try {
    const result = await client.query<{ server_version: string }>('show server_version');
    return `PostgreSQL ${result.rows[0]?.server_version}`;
  } finally {
    await client.end();
  }
}

function checkCount(stdout?: string): number | undefined {
  const match = stdout?.match(/checks=(\d+)/);
  return match ? Number(match[1]) : undefined;
}

function testCount(runResults: string): number | undefined {
  if (!existsSync(runResults)) return undefined;
  const parsed = JSON.parse(readFileSync(runResults, 'utf8')) as { results: { unique_id: string }[] };
  return parsed.results.filter((result) => result.unique_id.startsWith('test.')).length;
}

function write(outDir: string, results: BenchResults): void {
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, 'results.md'), `${resultsMarkdown(results)}\n`);
}

main().catch((error: Error) => {
  log(`npm run bench failed: ${error.message}`);
  process.exitCode = 1;
});
