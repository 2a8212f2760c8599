import { strict as assert } from 'node:assert';
import { compileProject } from '../../src/models/compile-project';
import { executePlan } from '../../src/runner/execute';
import { planBuild } from '../../src/runner/plan';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { memoryProject } from '../fixtures/projects/memory-project';
import { testWarehouse } from '../support/test-warehouse';

const DISTINCT = 1000;

describe('runner: a built table is analyzed with a small statistics sample (issue 15)', () => {
  let warehouse: Warehouse;
  before(async () => {
    warehouse = await testWarehouse();
  });
  after(async () => {
    await warehouse?.query('drop schema if exists st_marts cascade');
    await warehouse?.close();
  });

  it('keeps row counts and keys exact, with a histogram of the dialect’s target instead of the default 100', async () => {
    const project = compileProject(
      memoryProject({
        'project.yml': 'name: stats\nmodels:\n  marts: { schema: st_marts, materialized: table }\n',
        'marts/numbers.sql': `select n, n % 7 as weekday from generate_series(1, ${DISTINCT}) as n`,
      }),
    );
    const run = await executePlan(warehouse, planBuild(project, warehouse.dialect));
    assert.equal(run.ok, true, JSON.stringify(run.results));
    const target = warehouse.dialect.buildStatisticsTarget as number;
    assert.ok(target < 100);
    const stats = await warehouse.query<{ attname: string; n_distinct: number; bounds: number | null }>(
      `select attname, n_distinct, array_length(histogram_bounds::text::int[], 1) as bounds
       from pg_stats where schemaname = 'st_marts' and tablename = 'numbers' order by attname`,
    );
    const byName = Object.fromEntries(stats.rows.map((row) => [row.attname, row]));
    // A histogram has at most target + 1 bounds: at the default there would be 101 for 1,000 values.
    assert.equal(byName.n?.bounds, target + 1);
    assert.equal(byName.n?.n_distinct, -1, 'a key is still seen as unique');
    assert.equal(byName.weekday?.n_distinct, 7);
    const counted = await warehouse.query<{ reltuples: number }>(
      "select reltuples from pg_class where oid = 'st_marts.numbers'::regclass",
    );
    assert.equal(counted.rows[0]?.reltuples, DISTINCT);
  });
});
