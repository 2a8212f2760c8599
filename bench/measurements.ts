import type { DiffBench } from './diff';
import type { MachineInfo } from './machine-info';
import type { Summary } from './stats';

/** One measured step: seconds over the repetitions, and our process's peak RSS. */
export interface StepResult {
  seconds: Summary;
  peakRssMb?: Summary;
}

export interface SizeResult {
  years: number;
  seed: number;
  bytes: number;
  rows: Record<string, number>;
  repetitions: number;
  /** psql: `\copy`, the hand-written models with checks (`transform`) and without (`models`). */
  baseline: { copy?: StepResult; transform?: StepResult; models?: StepResult; checks?: number };
  ours: { load: StepResult; build: StepResult; kpis: StepResult; run: StepResult; tests?: number };
  /** ours / baseline, from the medians. */
  ratios: { load?: number; build?: number; run?: number; runWithoutChecks?: number };
}

export interface BenchResults {
  startedAt: string;
  finishedAt?: string;
  /** The load averages when the bench finished (the start's are in `machine`). */
  finishLoadAverage?: number[];
  quick: boolean;
  machine: MachineInfo;
  server: string;
  notes: string[];
  cliHelp?: StepResult;
  cold?: { pipeline: StepResult; firstRun?: StepResult; dataset: string };
  sizes: SizeResult[];
  notebooks?: { seconds: number; notebooks: { name: string; seconds: number; kernelStartSeconds: number }[] };
  compile?: unknown;
  diff?: DiffBench;
}
