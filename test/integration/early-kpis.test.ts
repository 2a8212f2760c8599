import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { computeKpis } from '../../src/kpis/compute-kpis';
import { readKpiSpecs } from '../../src/kpis/kpi-spec';
import type { CompiledProject } from '../../src/models/compiled-project';
import { loadProject } from '../../src/models/load-project';
import { EarlyKpis } from '../../src/pipeline/early-kpis';
import { runPipeline } from '../../src/pipeline/run-pipeline';
import type { NodeStatus, RunEvent } from '../../src/runner/run-result';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { writeMiniDataset } from '../support/mini-dataset';
import { testWarehouse } from '../support/test-warehouse';

const PROJECT = resolve(__dirname, '../../sql');

/** The build's event for a model that ended with `status`. */
function finished(uniqueId: string, status: NodeStatus): RunEvent {
  const name = uniqueId.replace(/^model\./, '');
  const result = {
    uniqueId,
    name,
    resourceType: 'model' as const,
    file: `${name}.sql`,
    status,
    message: '',
    seconds: 0,
  };
  return { type: 'node-finish', result, index: 0, total: 1 };
}

/** The same warehouse, noting the SQL of every query it is sent (the database still answers them). */
function recording(warehouse: Warehouse): { warehouse: Warehouse; sent: string[] } {
  const sent: string[] = [];
  const spy = new Proxy(warehouse, {
    get(target, property, receiver) {
      if (property === 'query') {
        return (sql: string, params?: unknown[]) => {
          sent.push(sql);
          return target.query(sql, params);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
  return { warehouse: spy, sent };
}

describe('KPIs started during the build (early-kpis.ts)', () => {
  let work: string;
  let warehouse: Warehouse & { database: string };
  let project: CompiledProject;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'etl-early-kpis-'));
    warehouse = await testWarehouse();
    const data = writeMiniDataset();
    const run = await runPipeline(warehouse, {
      dataDir: data,
      projectDir: PROJECT,
      outDir: join(work, 'target'),
    });
    assert.ok(run.ok, run.stoppedBecause);
    await rm(data, { recursive: true, force: true });
    project = await loadProject(PROJECT, { dialect: warehouse.dialect });
  });
  after(async () => {
    await warehouse?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('starts a KPI once every model it reads is built, and none on a failed model', async () => {
    const specs = await readKpiSpecs(PROJECT);
    const { warehouse: spy, sent } = recording(warehouse);
    const sqlOf = (name: string) => project.analyses.find((node) => node.name === name)?.compiledSql;
    const early = new EarlyKpis(spy, project, specs);
    assert.deepEqual(sent, [], 'every KPI reads a mart: nothing starts before the build');

    early.observe(finished('model.fct_order_items', 'success'));
    // food_drink_mix and supply_cost read fct_order_items alone; product_performance also dim_products.
    assert.deepEqual(new Set(sent), new Set([sqlOf('food_drink_mix'), sqlOf('supply_cost')]));

    early.observe(finished('model.dim_products', 'fail'));
    assert.equal(sent.length, 2, 'a failed model starts nothing');
    early.observe(finished('model.dim_products', 'success'));
    assert.equal(sent.at(-1), sqlOf('product_performance'));

    const results = await early.results();
    assert.equal(sent.length, specs.length, 'results() starts the rest, each once');
    const after = await computeKpis(warehouse, project, specs);
    // Same rows and the same order of keys as the queries run after the build (kpis.json's order).
    assert.equal(JSON.stringify(results), JSON.stringify(after));
    assert.deepEqual(
      Object.keys(results.kpis),
      specs.map((spec) => spec.name),
    );
  });

  it('completes by itself once the last KPI has started and answered', async () => {
    const specs = await readKpiSpecs(PROJECT);
    const early = new EarlyKpis(warehouse, project, specs);
    for (const model of project.models) early.observe(finished(model.uniqueId, 'success'));
    for (const seed of project.seeds) early.observe(finished(seed.uniqueId, 'success'));
    const completed = await early.completed;
    assert.ok(completed, 'every KPI answered');
    assert.deepEqual(
      Object.keys(completed.kpis),
      specs.map((spec) => spec.name),
    );
  });
});
