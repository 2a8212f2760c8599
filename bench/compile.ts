/**
 * Compile benchmark: `npx tsx bench/compile.ts` prints JSON, then a markdown table.
 *
 * - this repository's project (sql/): discover (read the files) + compile + plan, median of runs;
 * - synthetic projects of 1,000 and 10,000 models (chains and fan-outs referencing each other,
 *   with YAML descriptions and generic tests), compiled and planned in memory.
 *
 * Each size runs in two child processes: one repeats it (median times; the retained heap is
 * measured after a forced GC with the compiled project still alive, and should grow linearly),
 * one compiles and plans once, as a command does, for the peak RSS.
 * bench/run.js calls `compileBenchmark()`.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { compileProject } from '../src/models/compile-project';
import { discoverProject } from '../src/models/discover-project';
import type { ProjectFiles, SourceFile } from '../src/models/project-files';
import { planBuild } from '../src/runner/plan';
import { PostgresDialect } from '../src/warehouse/dialect';

const ROOT = resolve(__dirname, '..');
const SIZES = [1_000, 10_000];

export interface CompileFigures {
  project: string;
  models: number;
  tests: number;
  /** Medians, in milliseconds. */
  discoverMs?: number;
  compileMs: number;
  planMs: number;
  totalMs: number;
  /** CPU time of discover + compile + plan (median): steadier than wall time on a shared machine. */
  cpuMs: number;
  /** Heap still used after a forced GC, with the compiled project alive. */
  retainedHeapMb: number;
  /** Peak RSS of a process that compiles and plans once, as a command does. */
  peakRssMb: number;
  /** Peak RSS of the process that ran every repetition (garbage of earlier runs not yet collected). */
  peakRssRepeatedMb?: number;
  runs: number;
}

export interface CompileBenchmark {
  node: string;
  results: CompileFigures[];
  markdown: string;
}

/** Runs every case, each in a child process; returns the figures and a markdown table. */
export function compileBenchmark(): CompileBenchmark {
  const results = [measureInChild('sql'), ...SIZES.map((size) => measureInChild(String(size)))];
  return { node: process.version, results, markdown: markdownTable(results) };
}

/** The timings from a child that repeats the case; the peak RSS from one that runs it once. */
function measureInChild(what: string): CompileFigures {
  const repeated = runChild(what);
  const once = runChild(what, '--once');
  return { ...repeated, peakRssMb: once.peakRssMb, peakRssRepeatedMb: repeated.peakRssMb };
}

function runChild(what: string, ...flags: string[]): CompileFigures {
  const args = ['--expose-gc', '-r', 'tsx/cjs', __filename, '--child', what, ...flags];
  const child = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) {
    throw new Error(`bench/compile.ts --child ${what} failed (exit ${child.status}):\n${child.stderr}`);
  }
  return JSON.parse(child.stdout.trim().split('\n').pop() as string) as CompileFigures;
}

/** In the child: measure one case and print its figures as one JSON line. */
async function child(what: string, once: boolean): Promise<void> {
  const dialect = new PostgresDialect();
  const real = what === 'sql';
  const runs = once ? 1 : real ? 20 : Number(what) >= 10_000 ? 3 : 5;
  const discoverMs: number[] = [];
  const compileMs: number[] = [];
  const planMs: number[] = [];
  const cpuMs: number[] = [];
  const synthetic = real ? undefined : syntheticProject(Number(what));
  let kept: unknown;
  let models = 0;
  let tests = 0;
  for (let run = 0; run < runs; run++) {
    // The previous run's project is let go first: the CLI holds one project, not two (holding
    // both counted ~200 MB of the 10,000-model peak RSS that no command has).
    kept = undefined;
    // A fresh copy each run: nothing compiled in a previous run may be reused.
    const copy = synthetic && structuredClone(synthetic);
    const cpu = process.cpuUsage();
    let started = performance.now();
    const files = copy ?? (await discoverProject(join(ROOT, 'sql'), { displayRoot: ROOT }));
    if (real) discoverMs.push(performance.now() - started);
    started = performance.now();
    const project = compileProject(files, { dialect });
    compileMs.push(performance.now() - started);
    started = performance.now();
    const plan = planBuild(project, dialect);
    planMs.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
    models = project.models.length;
    tests = project.tests.length;
    kept = [project, plan];
  }
  (globalThis as { gc?: () => void }).gc?.();
  const retainedHeapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const figures: CompileFigures = {
    project: real ? 'sql/ (this project)' : `synthetic ${Number(what).toLocaleString('en-US')} models`,
    models,
    tests,
    discoverMs: real ? median(discoverMs) : undefined,
    compileMs: median(compileMs),
    planMs: median(planMs),
    totalMs: median(compileMs.map((ms, i) => ms + (planMs[i] as number) + (discoverMs[i] ?? 0))),
    cpuMs: median(cpuMs),
    retainedHeapMb: round(retainedHeapMb),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
    runs,
  };
  if (!kept) throw new Error('nothing was compiled');
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/**
 * A project of `size` models: a tenth are staging views over 20 source tables; each other model
 * reads the previous one (chains) and one about half its index back (fan-outs: early models have
 * many readers), in 10 folders. Every model is described in YAML with two column tests.
 */
export function syntheticProject(size: number): ProjectFiles {
  const name = (i: number) => `m_${String(i).padStart(5, '0')}`;
  const folder = (i: number) =>
    i < size / 10 ? 'staging' : `layer_${Math.min(9, Math.floor((i * 10) / size))}`;
  const file = (path: string, text: string): SourceFile => ({ file: `synthetic/${path}`, path, text });
  const modelFiles: SourceFile[] = [];
  const yaml = new Map<string, string[]>();
  for (let i = 0; i < size; i++) {
    const sql =
      i < size / 10
        ? `{{ config(materialized='view') }}\nselect id, cast(amount as numeric(12,2)) as value, '${name(i)}' as origin\nfrom {{ source('raw', 'table_${i % 20}') }}\nwhere id is not null`
        : `select a.id, a.value + coalesce(b.value, 0) as value, a.origin\nfrom {{ ref('${name(i - 1)}') }} as a\nleft join {{ ref('${name(Math.floor(i / 2))}') }} as b on b.id = a.id`;
    modelFiles.push(file(`${folder(i)}/${name(i)}.sql`, sql));
    const entries = yaml.get(folder(i)) ?? [];
    entries.push(
      `  - name: ${name(i)}\n    description: Synthetic model ${i}.\n    columns:\n      - name: id\n        description: Key.\n        data_tests: [unique, not_null]\n      - name: value`,
    );
    yaml.set(folder(i), entries);
  }
  const sources = `sources:\n  - name: raw\n    schema: raw\n    tables:\n${Array.from({ length: 20 }, (_, t) => `      - name: table_${t}`).join('\n')}\n`;
  return {
    dir: '/synthetic',
    projectFile: file(
      'project.yml',
      `name: synthetic\nmodels:\n  staging: { materialized: view, schema: staging }\n${Array.from({ length: 10 }, (_, l) => `  layer_${l}: { materialized: table, schema: layer_${l} }`).join('\n')}\n`,
    ),
    yamlFiles: [
      file('sources.yml', sources),
      ...[...yaml].map(([dir, entries]) => file(`${dir}/_models.yml`, `models:\n${entries.join('\n')}\n`)),
    ],
    modelFiles: modelFiles.sort((a, b) => (a.path < b.path ? -1 : 1)),
    testFiles: [],
    analysisFiles: [],
    strayFiles: [],
  };
}

function markdownTable(results: CompileFigures[]): string {
  const lines = [
    '| project | models | tests | compile | plan | total (with reading files for sql/) | CPU | retained heap | peak RSS (one compile) | peak RSS (all repetitions) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.project} | ${r.models.toLocaleString('en-US')} | ${r.tests.toLocaleString('en-US')} | ${ms(r.compileMs)} | ${ms(r.planMs)} | ${ms(r.totalMs)} | ${ms(r.cpuMs)} | ${r.retainedHeapMb} MB | ${r.peakRssMb} MB | ${r.peakRssRepeatedMb ?? '–'} MB |`,
    );
  }
  return lines.join('\n');
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return round(
    sorted.length % 2
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2,
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

if (require.main === module) {
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    child(process.argv[at + 1] as string, process.argv.includes('--once')).catch((error) => {
      process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
      process.exit(1);
    });
  } else {
    const result = compileBenchmark();
    process.stdout.write(
      `${JSON.stringify({ node: result.node, results: result.results }, null, 2)}\n\n${result.markdown}\n`,
    );
  }
}
