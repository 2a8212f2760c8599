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
  const lap = (from: number) => Number(((performance.now() - from) / 1000).toFixed(3));
  const current: World = { projectDir: options.projectDir };
  const base: World = {
    projectDir: join(options.base.dir, 'sql'),
    dataSchema: options.base.schema,
    buildSchema: options.base.schema,
  };
  const project = await compileWorld(warehouse, current);
  const marts: MartDiff[] = [];
  for (const pair of martPairs(project, options.base, options.select))
    marts.push(await diffMart(warehouse, pair));
  const rowsSeconds = lap(clock);

  const kpiClock = performance.now();
  const [currentKpis, baseKpis] = await Promise.all([
    worldKpis(warehouse, current, project),
    worldKpis(warehouse, base),
  ]);
  const kpiSeconds = lap(kpiClock);

  const attributionClock = performance.now();
  let mixed: { baseCodeNewData: KpiResults; newCodeBaseData: KpiResults } | undefined;
  let segments: SegmentEffect[] = [];
  if (options.attribution !== false) {
    await withScratchSchemas(warehouse, ['bn', 'nb'], async ([bn, nb]) => {
      const baseCodeNewData = await buildWorldKpis(
        warehouse,
        { projectDir: base.projectDir, buildSchema: bn },
        options.threads,
      );
      const newCodeBaseData = await buildWorldKpis(
        warehouse,
        { projectDir: options.projectDir, dataSchema: options.base.schema, buildSchema: nb },
        options.threads,
      );
      mixed = { baseCodeNewData, newCodeBaseData };
      segments = await rankSegments(
        warehouse,
        { baseSchema: options.base.schema, newDataSchema: bn as string },
        options.segments ?? 10,
      );
    });
  }
  const specs = [...(await readKpiSpecs(options.projectDir)), ...(await readKpiSpecs(base.projectDir))];
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
    seconds: { rows: rowsSeconds, kpis: kpiSeconds, attribution: lap(attributionClock), total: lap(clock) },
  };
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
