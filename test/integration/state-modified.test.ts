import { strict as assert } from 'node:assert';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStep } from '../../src/pipeline/build-step';
import { compileStep } from '../../src/pipeline/compile-step';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { testWarehouse } from '../support/test-warehouse';

const SHOP = join(__dirname, '..', 'fixtures', 'projects', 'shop');

const RAW = `
  drop schema if exists raw cascade;
  create schema raw;
  create table raw.customers (id text, name text);
  create table raw.orders (id text, customer_id text, status text, amount numeric(12, 2));
  insert into raw.customers values ('c1', 'Ann'), ('c2', 'Bob');
  insert into raw.orders values ('o1', 'c1', 'placed', 10.00), ('o2', 'c2', 'shipped', 5.50);
`;

/**
 * dbt's "slim CI": save the manifest of a run, change one model in a copy of the project, then
 * compile or build only `state:modified+` (the change and what reads it).
 */
describe('state:modified against a saved manifest', () => {
  let work: string;
  let project: string;
  let state: string;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'etl-state-'));
    project = join(work, 'project');
    state = join(work, 'state');
    await cp(SHOP, project, { recursive: true });
    const first = await compileStep({ projectDir: project, outDir: join(work, 'first') });
    assert.ok(first.written.length > 5);
    await mkdir(state);
    await cp(join(work, 'first', 'manifest.json'), join(state, 'manifest.json'));
    const file = join(project, 'staging', 'stg_orders.sql');
    await writeFile(file, `${(await readFile(file, 'utf8')).trimEnd()}\nwhere amount >= 0\n`);
  });
  after(() => (work ? rm(work, { recursive: true, force: true }) : undefined));

  it('compile writes only the changed model, its descendants and their tests', async () => {
    const out = join(work, 'second');
    const { written } = await compileStep({
      projectDir: project,
      outDir: out,
      select: ['state:modified+'],
      stateDir: state,
    });
    const models = written.filter((path) => /^compiled\/(staging|marts)\/[^/]+\.sql$/.test(path));
    assert.deepEqual(models, ['compiled/marts/customer_orders.sql', 'compiled/staging/stg_orders.sql']);
    assert.ok(
      written.includes('compiled/analysis/top_customers.sql'),
      'the analysis reading customer_orders',
    );
    assert.ok(
      written.includes('compiled/tests/assert_positive_amounts.sql'),
      'the singular test on stg_orders',
    );
    const customers = /\/stg_customers\.sql$|_stg_customers_customer_id/;
    assert.ok(!written.some((path) => customers.test(path)), written.join('\n'));
    assert.match(
      await readFile(join(out, 'compiled', 'staging', 'stg_orders.sql'), 'utf8'),
      /where amount >= 0/,
    );
  });

  it('without the change, state:modified selects nothing', async () => {
    const { written, selection } = await compileStep({
      projectDir: SHOP,
      outDir: join(work, 'third'),
      select: ['state:modified'],
      stateDir: state,
    });
    // The saved manifest was made from the unchanged shop project.
    assert.deepEqual(written, []);
    assert.deepEqual(selection.warnings, ['The selector "state:modified" matches nothing.']);
  });

  describe('build on the embedded warehouse', () => {
    let warehouse: Warehouse;
    before(async () => {
      warehouse = await testWarehouse();
      await warehouse.query(RAW);
    });
    after(() => warehouse?.close());

    it('builds and tests only state:modified+ after a full build', async () => {
      const original = join(work, 'original');
      await cp(SHOP, original, { recursive: true });
      const full = await buildStep(warehouse, { projectDir: original, outDir: join(work, 'build1') });
      assert.ok(full.run.ok, JSON.stringify(full.run.results.filter((r) => r.status !== 'success')));
      const saved = join(work, 'build-state');
      await mkdir(saved);
      await cp(join(work, 'build1', 'manifest.json'), join(saved, 'manifest.json'));

      const slim = await buildStep(warehouse, {
        projectDir: project,
        outDir: join(work, 'build2'),
        select: ['state:modified+'],
        stateDir: saved,
      });
      assert.ok(slim.run.ok, JSON.stringify(slim.run.results.filter((r) => r.status !== 'success')));
      const built = slim.run.results.filter((r) => r.resourceType === 'model').map((r) => r.name);
      assert.deepEqual(built.sort(), ['customer_orders', 'stg_orders']);
      assert.ok(
        slim.run.results.some((r) => r.resourceType === 'test' && r.name === 'unique_stg_orders_order_id'),
      );
      assert.ok(!slim.run.results.some((r) => /^stg_customers$|_stg_customers_customer_id$/.test(r.name)));
      const view = await warehouse.query<{ definition: string }>(
        "select definition from pg_views where schemaname = 'staging' and viewname = 'stg_orders'",
      );
      assert.match(view.rows[0]?.definition ?? '', /amount >= /);
    });
  });
});
