import { strict as assert } from 'node:assert';
import { compileProject } from '../../src/models/compile-project';
import { executePlan } from '../../src/runner/execute';
import { type PlanOptions, planBuild } from '../../src/runner/plan';
import type { NodeResult, RunResult } from '../../src/runner/run-result';
import type { QueryResult, Session, Warehouse } from '../../src/warehouse/warehouse';
import { memoryProject } from '../fixtures/projects/memory-project';
import { testWarehouse } from '../support/test-warehouse';

/**
 * A table mart with error-severity tests (guards), a warn test, a downstream view, and an
 * incremental model whose first build takes the table path.
 */
const FILES: Record<string, string> = {
  'project.yml':
    'name: guards\nmodels:\n  staging: { schema: g_staging }\n  marts: { schema: g_marts, materialized: table }\n',
  'sources.yml': 'sources:\n  - name: raw\n    schema: g_raw\n    tables: [{ name: orders }]\n',
  'staging/stg_orders.sql': "select id, amount from {{ source('raw', 'orders') }}",
  'marts/fct_orders.sql': "select id as order_id, amount from {{ ref('stg_orders') }}",
  'marts/order_totals.sql':
    "{{ config(materialized='view') }}\nselect count(*) as orders, sum(amount) as total from {{ ref('fct_orders') }}",
  'marts/fct_orders_incr.sql':
    "{{ config(materialized='incremental', unique_key='order_id') }}\nselect id as order_id, amount from {{ ref('stg_orders') }}\n{% if is_incremental() %}where id > (select max(order_id) from {{ this }}){% endif %}",
  'marts/_marts.yml': [
    'models:',
    '  - name: fct_orders',
    '    columns:',
    '      - name: order_id',
    '        data_tests: [unique, not_null]',
    '      - name: amount',
    '        data_tests:',
    '          - not_null: { config: { severity: warn } }',
    '  - name: fct_orders_incr',
    '    columns:',
    '      - name: order_id',
    '        data_tests: [not_null]',
  ].join('\n'),
};

const RAW = `
  drop schema if exists g_raw cascade;
  create schema g_raw;
  create table g_raw.orders (id integer, amount numeric(12, 2));
  insert into g_raw.orders values (1, 10.00), (2, 5.50), (3, 7.25);
`;

/** The real warehouse, counting the statements it is sent (to see a query run once). */
function recording(inner: Warehouse): Warehouse & { statements: string[] } {
  const statements: string[] = [];
  const wrap = (session: Session): Session => ({
    query: <R>(sql: string, params?: readonly unknown[]) => {
      statements.push(sql);
      return session.query<R>(sql, params) as Promise<QueryResult<R>>;
    },
    copyFrom: (sql, source) => session.copyFrom(sql, source),
  });
  return {
    target: inner.target,
    dialect: inner.dialect,
    description: inner.description,
    statements,
    query: (sql, params) => {
      statements.push(sql);
      return inner.query(sql, params);
    },
    withSession: (work) => inner.withSession((session) => work(wrap(session))),
    transaction: (work) => inner.transaction((session) => work(wrap(session))),
    close: () => inner.close(),
  };
}

describe('runner: data tests guard a table before its swap (issue 7)', () => {
  let warehouse: Warehouse;
  before(async () => {
    warehouse = await testWarehouse();
  });
  after(async () => {
    await warehouse?.query('drop schema if exists g_raw, g_staging, g_marts cascade');
    await warehouse?.close();
  });
  beforeEach(() => warehouse.query(`drop schema if exists g_staging, g_marts cascade;${RAW}`));

  const project = compileProject(memoryProject(FILES));
  const build = (on: Warehouse = warehouse, options: PlanOptions = {}) =>
    executePlan(on, planBuild(project, on.dialect, options), { threads: 2 });
  const result = (run: RunResult, name: string): NodeResult => {
    const found = run.results.find((r) => r.name === name);
    assert.ok(found, name);
    return found;
  };
  const rows = async (relation: string) =>
    (await warehouse.query(`select * from ${relation} order by 1, 2`)).rows;
  const newTables = async () =>
    (
      await warehouse.query<{ name: string }>(
        "select table_schema || '.' || table_name as name from information_schema.tables where table_name like '%etl_new'",
      )
    ).rows.map((r) => r.name);

  it('keeps the previous table when the new rows break a unique or not_null test', async () => {
    const first = await build();
    assert.equal(first.ok, true, JSON.stringify(first.results.filter((r) => r.status !== 'success')));
    const before = await rows('g_marts.fct_orders');
    assert.equal(before.length, 3);

    for (const [bad, test, failing] of [
      ['insert into g_raw.orders values (2, 1.00), (2, 2.00)', 'unique_fct_orders_order_id', 1],
      ['insert into g_raw.orders values (null, 1.00), (null, 2.00)', 'not_null_fct_orders_order_id', 2],
    ] as const) {
      await warehouse.query(`${RAW}${bad}`);
      const run = await build(warehouse, { select: ['+fct_orders+'] });
      assert.equal(run.ok, false);
      const model = result(run, 'fct_orders');
      assert.equal(model.status, 'error');
      assert.match(
        model.message,
        new RegExp(
          `^Model fct_orders kept the previous table "g_marts"\\."fct_orders": test ${test} found ${failing} failing rows? in the new data \\(first: \\{.*\\}\\); fix the data or the SQL`,
        ),
      );
      // The test reports what it found in the new rows, with its count and sample.
      const failed = result(run, test);
      assert.equal(failed.status, 'fail');
      assert.equal(failed.failures, failing);
      assert.equal(
        failed.sample?.length,
        Math.min(Number(failing), 5),
        'the first rows, up to the default 5',
      );
      assert.match(failed.message, /not swapped in/);
      // What reads the model is skipped; the previous rows are still there and no __etl_new is left.
      assert.equal(result(run, 'order_totals').status, 'skipped');
      assert.equal(result(run, 'order_totals').skippedBecause, 'model.fct_orders');
      assert.deepEqual(await rows('g_marts.fct_orders'), before);
      assert.deepEqual(await newTables(), []);
    }
  });

  it('runs each guarding test query once on a passing build; warn tests still run after the swap', async () => {
    const counting = recording(warehouse);
    const run = await build(counting);
    assert.equal(run.ok, true, JSON.stringify(run.results.filter((r) => r.status !== 'success')));
    const countsOf = (name: string) => {
      const sql = project.tests.find((t) => t.name === name)?.compiledSql as string;
      assert.ok(sql, name);
      const core = sql.split('"g_marts"."fct_orders"').join('');
      return counting.statements.filter(
        (s) =>
          s.startsWith('select count(*)') &&
          s
            .split(/"g_marts"\."fct_orders(?:__etl_new)?"/)
            .join('')
            .includes(core),
      );
    };
    for (const name of ['unique_fct_orders_order_id', 'not_null_fct_orders_order_id']) {
      const counts = countsOf(name);
      assert.equal(counts.length, 1, `${name}: ${counts.join('\n---\n')}`);
      assert.match(counts[0] as string, /fct_orders__etl_new/);
      assert.equal(result(run, name).status, 'success');
      assert.equal(result(run, name).failures, 0);
    }
    // The warn test is no guard: it runs after the swap, on the table itself.
    const warn = countsOf('not_null_fct_orders_amount');
    assert.equal(warn.length, 1);
    assert.doesNotMatch(warn[0] as string, /__etl_new/);
  });

  it('guards the first build of an incremental model (the table path)', async () => {
    await warehouse.query('insert into g_raw.orders values (null, 1.00)');
    const run = await build(warehouse, { select: ['+fct_orders_incr'] });
    const model = result(run, 'fct_orders_incr');
    assert.equal(model.status, 'error');
    assert.match(model.message, /test not_null_fct_orders_incr_order_id found 1 failing row in the new data/);
    assert.equal(result(run, 'not_null_fct_orders_incr_order_id').status, 'fail');
    const exists = await warehouse.query("select to_regclass('g_marts.fct_orders_incr') as t");
    assert.equal(exists.rows[0]?.t, null);
    assert.deepEqual(await newTables(), []);
  });
});
