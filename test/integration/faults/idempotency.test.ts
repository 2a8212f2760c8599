import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Warehouse } from '../../../src/warehouse/warehouse';
import { MINI_DATASET, writeMiniDataset } from '../../support/mini-dataset';
import { cli, cliBuilt, cliWarehouse, MART_TABLES, RAW_TABLES, readJson, snapshot } from './fault-kit';

describe('faults: idempotency (the same input twice, a run after failed runs)', () => {
  let warehouse: Warehouse;
  let out: string;
  let mini: string;
  let clean: Record<string, string>;
  let cleanKpis: unknown;

  before(async function () {
    if (!cliBuilt()) this.skip();
    warehouse = await cliWarehouse();
    out = await mkdtemp(join(tmpdir(), 'etl-faults-idempotency-'));
    mini = writeMiniDataset();
    const run = cli(['run', '--data', mini, '--out', out]);
    assert.equal(run.code, 0, run.output);
    clean = await snapshot(warehouse, [...RAW_TABLES, ...MART_TABLES]);
    cleanKpis = readJson(join(out, 'kpis.json')).kpis;
  });
  after(async () => {
    await warehouse?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('loading the same dataset twice gives the same tables, no duplicates', async () => {
    for (let i = 0; i < 2; i++) assert.equal(cli(['load', '--data', mini, '--out', out]).code, 0);
    assert.deepEqual(
      await snapshot(warehouse, RAW_TABLES),
      Object.fromEntries(RAW_TABLES.map((t) => [t, clean[t]])),
    );
    const orders = await warehouse.query<{ n: number; ids: number }>(
      'select count(*)::int as n, count(distinct id)::int as ids from raw.raw_orders',
    );
    assert.deepEqual(orders.rows[0], { n: 3, ids: 3 });
  });

  it('a run after a failed load and a failed build converges to the clean run (tables and KPIs)', async () => {
    const badLoad = writeMiniDataset({
      'raw_stores.csv': 'id,name,opened_at,tax_rate\ns1,P,2024-01-01,lots\n',
    });
    assert.equal(cli(['run', '--data', badLoad, '--out', out]).code, 1);
    const badData = writeMiniDataset({
      'raw_items.csv': `${MINI_DATASET['raw_items.csv']}i9,o404,JAF-001\n`,
      'raw_customers.csv': 'id,name\nc1,A\n',
    });
    assert.equal(cli(['run', '--data', badData, '--out', out]).code, 1);
    assert.notDeepEqual(
      await snapshot(warehouse, RAW_TABLES),
      Object.fromEntries(RAW_TABLES.map((t) => [t, clean[t]])),
    );
    const rerun = cli(['run', '--data', mini, '--out', out]);
    assert.equal(rerun.code, 0, rerun.output);
    assert.deepEqual(await snapshot(warehouse, [...RAW_TABLES, ...MART_TABLES]), clean);
    assert.deepEqual(readJson(join(out, 'kpis.json')).kpis, cleanKpis);
    for (const dir of [badLoad, badData]) await rm(dir, { recursive: true, force: true });
  });
});
