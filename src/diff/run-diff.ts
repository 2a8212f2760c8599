import { join } from 'node:path';
import { selectNodes } from '../graph/select';
import type { KpiResults } from '../kpis/compute-kpis';
import { readKpiSpecs } from '../kpis/kpi-spec';
import type { CompiledProject } from '../models/compiled-project';
import { buildGraph } from '../runner/build-graph';
import { modelKeys } from '../schema/model-keys';
import type { Warehouse } from '../warehouse/warehouse';
import { type Attribution, attribute } from './attribution';
import type { KeptState } from './kept-state';
import { kpiCells } from './kpi-cells';
import { diffMart, type MartDiff } from './row-diff';
import { rankSegments, type SegmentEffect } from './segments';
import { buildWorldKpis, compileWorld, type World, worldKpis } from './worlds';

export interface DiffOptions {
  /** The current SQL project (the new code); the current build is read, never written. */
  projectDir: string;
  base: KeptState;
  /** Restricts the row comparison to these marts (the selection syntax of build). */
  select?: string[];
  /** Build the base code on the new data and the new code on the base data (default true). */
  attribution?: boolean;
  threads?: number;
  /** How many segments to rank (default 10). */
  segments?: number;
}

export interface DiffResult {
  base: { runId: string; schema: string; createdAt: string };
  marts: MartDiff[];
  /** Every KPI number's base, current and delta; with the three effects when attributed. */
  kpis: Attribution[];
  attributed: boolean;
  /** The segments that account for most of the revenue data effect (attributed runs only). */
  segments: SegmentEffect[];
  seconds: { rows: number; kpis: number; attribution: number; total: number };
}

/**
 * What changed between a kept base run and the current build: rows of each mart, KPI deltas and,
 * with attribution, each delta split into data effect, code effect and interaction, from two
 * scratch builds (base code × new data, new code × base data). The scratch schemas are dropped
 * whether the builds succeed or fail; the user's schemas are only read.
 */
export async function runDiff(warehouse: Warehouse, options: DiffOptions): Promise<DiffResult> {
  const clock = performance.now();
  const current: World = { projectDir: options.projectDir };
  const base: World = {
    projectDir: join(options.base.dir, 'sql'),
    dataSchema: options.base.schema,
    buildSchema: options.base.schema,
  };
  const project = await compileWorld(warehouse, current);
  // Rows, KPIs and the two scratch builds are independent: they run at once, each on its own sessions.
  const rowsWork = timed(() =>
    Promise.all(martPairs(project, options.base, options.select).map((pair) => diffMart(warehouse, pair))),
  );
  const kpisWork = timed(() =>
    Promise.all([worldKpis(warehouse, current, project), worldKpis(warehouse, base)]),
  );
  const attributionWork = timed(() =>
    options.attribution === false ? Promise.resolve(undefined) : attributeInScratch(warehouse, options, base),
  );
  const [rows, kpiResults, attribution] = await settleAll([rowsWork, kpisWork, attributionWork] as const);
  const marts = rows.value;
  const [currentKpis, baseKpis] = kpiResults.value;
  const mixed = attribution.value;
  const segments = mixed?.segments ?? [];
  const currentSpecs = await readKpiSpecs(options.projectDir);
  const baseSpecs = (await readKpiSpecs(base.projectDir)).filter(
    (b) => !currentSpecs.some((c) => c.name === b.name),
  );
  const specs = [...currentSpecs, ...baseSpecs];
  const cells = (results: KpiResults) => kpiCells(results, specs);
  const kpis = attribute({
    base: cells(baseKpis),
    current: cells(currentKpis),
    // Without attribution both effects read as 0 and the interaction carries the delta.
    baseCodeNewData: cells(mixed?.baseCodeNewData ?? baseKpis),
    newCodeBaseData: cells(mixed?.newCodeBaseData ?? baseKpis),
  });
  return {
    base: { runId: options.base.runId, schema: options.base.schema, createdAt: options.base.createdAt },
    marts,
    kpis,
    attributed: mixed !== undefined,
    segments,
    seconds: {
      rows: rows.seconds,
      kpis: kpiResults.seconds,
      attribution: attribution.seconds,
      total: Number(((performance.now() - clock) / 1000).toFixed(3)),
    },
  };
}

/** Promise.all that waits for every promise to settle before it throws the first failure. */
async function settleAll<T extends readonly unknown[]>(
  promises: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(promises);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: Number(((performance.now() - started) / 1000).toFixed(3)) };
}

/**
 * Base code on the new data and new code on the base data, built side by side in two scratch
 * schemas; the segments are read before the schemas are dropped.
 */
async function attributeInScratch(warehouse: Warehouse, options: DiffOptions, base: World) {
  return withScratchSchemas(warehouse, ['bn', 'nb'], async ([bn, nb]) => {
    const threads = Math.max(1, Math.floor((options.threads ?? 4) / 2));
    // Both builds end before the schemas are dropped, even when one fails early.
    const [baseCodeNewData, newCodeBaseData] = await settleAll([
      buildWorldKpis(warehouse, { projectDir: base.projectDir, buildSchema: bn }, threads),
      buildWorldKpis(
        warehouse,
        { projectDir: options.projectDir, dataSchema: options.base.schema, buildSchema: nb },
        threads,
      ),
    ]);
    const segments = await rankSegments(
      warehouse,
      { baseSchema: options.base.schema, newDataSchema: bn as string },
      options.segments ?? 10,
    );
    return { baseCodeNewData, newCodeBaseData, segments };
  });
}

/** The marts to compare: current models of the marts layer (selected ones), keyed by their tests. */
function martPairs(project: CompiledProject, base: KeptState, select?: string[]) {
  const selected = select?.length ? selectNodes(buildGraph(project), { select }).ids : undefined;
  return project.models
    .filter((model) => model.layer === 'marts' && model.materialized !== 'ephemeral')
    .filter((model) => !selected || selected.has(model.uniqueId))
    .map((model) => {
      const tests = project.tests.filter((test) => test.attachedTo === model.uniqueId);
      const columns = [...new Set(tests.map((test) => test.columnName).filter((c): c is string => !!c))];
      return {
        name: model.name,
        baseSchema: base.schema,
        currentSchema: model.schema,
        key: modelKeys(columns, tests).primaryKey,
      };
    });
}

/** Scratch schemas `etl_scratch_<pid>_<time>_<suffix>`, dropped after `work` however it ends. */
export async function withScratchSchemas<T>(
  warehouse: Warehouse,
  suffixes: string[],
  work: (schemas: string[]) => Promise<T>,
): Promise<T> {
  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const schemas = suffixes.map((suffix) => `${SCRATCH_PREFIX}${stamp}_${suffix}`);
  try {
    return await work(schemas);
  } finally {
    for (const schema of schemas) {
      await warehouse.query(`drop schema if exists ${warehouse.dialect.quoteIdentifier(schema)} cascade`);
    }
  }
}

export const SCRATCH_PREFIX = 'etl_scratch_';
