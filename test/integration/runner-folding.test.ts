import { strict as assert } from 'node:assert';
import { compileProject } from '../../src/models/compile-project';
import { executePlan } from '../../src/runner/execute';
import { planBuild } from '../../src/runner/plan';
import type { NodeResult, RunResult } from '../../src/runner/run-result';
import type { QueryResult, Session, Warehouse } from '../../src/warehouse/warehouse';
import { memoryProject } from '../fixtures/projects/memory-project';
import { testWarehouse } from '../support/test-warehouse';

/** Raw orders with known defects; the expected counts below are computed from these rows in JS. */
const ORDERS: Array<[number | null, number | null, string | null]> = [
  [1, 10, 'placed'],
  [2, null, 'placed'],
  [3, -4, 'lost'],
  [4, 7, 'lost'],
  [5, 8, 'gone'],
  [null, 3, null],
  [7, 2, 'shipped'],
];
const ACCEPTED = ['placed', 'shipped'];
/** The rows every test passes on. */
const CLEAN = ORDERS.filter(
  ([id, amount, status]) => id !== null && amount !== null && amount >= 0 && ACCEPTED.includes(status ?? ''),
);

/** What each test must count, from ORDERS alone (an oracle independent of the runner). */
const EXPECTED: Record<string, { failures: number; status: string }> = {
  not_null_stg_orders_id: { failures: ORDERS.filter(([id]) => id === null).length, status: 'fail' },
  not_null_stg_orders_amount: {
    failures: ORDERS.filter(([, amount]) => amount === null).length,
    status: 'warn',
  },
  accepted_values_stg_orders_status__placed__shipped: {
    // One failing row per distinct value outside the list (null is not a value).
    failures: new Set(ORDERS.map(([, , s]) => s).filter((s) => s !== null && !ACCEPTED.includes(s))).size,
    status: 'fail',
  },
  expression_is_true_stg_orders_amount__amount_0: {
    failures: ORDERS.filter(([, amount]) => amount !== null && !(amount >= 0)).length,
    status: 'fail',
  },
  not_null_stg_orders_status: { failures: ORDERS.filter(([, , s]) => s === null).length, status: 'fail' },
};

const FILES: Record<string, string> = {
  'project.yml':
    'name: folding\nmodels:\n  staging: { schema: f_staging }\n  marts: { schema: f_marts, materialized: table }\n',
  'sources.yml': 'sources:\n  - name: raw\n    schema: f_raw\n    tables: [{ name: orders }]\n',
  'staging/stg_orders.sql': "select id, amount, status from {{ source('raw', 'orders') }}",
  'marts/fct_orders.sql':
    "select id as order_id, amount, status from {{ ref('stg_orders') }} where id is not null",
  'staging/_staging.yml': [
    'models:',
    '  - name: stg_orders',
    '    columns:',
    '      - name: id',
    '        data_tests: [not_null]',
    '      - name: amount',
    '        data_tests:',
    '          - not_null: { config: { severity: warn } }',
    '          - expression_is_true: { expression: "amount >= 0" }',
    '      - name: status',
    '        data_tests:',
    '          - not_null',
    "          - accepted_values: { values: ['placed', 'shipped'] }",
  ].join('\n'),
  'marts/_marts.yml': [
    'models:',
    '  - name: fct_orders',
    '    columns:',
    '      - name: order_id',
    '        data_tests: [not_null]',
    '      - name: amount',
    '        data_tests: [not_null]',
    '      - name: status',
    '        data_tests: [not_null]',
  ].join('\n'),
};

function rawSql(rows: typeof ORDERS): string {
  const literal = (v: number | string | null) => (v === null ? 'null' : typeof v === 'number' ? v : `'${v}'`);
  return `
    drop schema if exists f_raw, f_staging, f_marts cascade;
    create schema f_raw;
    create table f_raw.orders (id integer, amount numeric(12, 2), status text);
    insert into f_raw.orders values ${rows.map((r) => `(${r.map(literal).join(', ')})`).join(', ')};`;
}

/** The real warehouse, keeping every statement it is sent. */
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
    ...inner,
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

const result = (run: RunResult, name: string): NodeResult => {
  const found = run.results.find((r) => r.name === name);
  assert.ok(found, name);
  return found;
};

describe('runner: a relation’s row-at-a-time tests share one scan (issue 15)', () => {
  let warehouse: Warehouse;
  before(async () => {
    warehouse = await testWarehouse();
  });
  after(async () => {
    await warehouse?.query('drop schema if exists f_raw, f_staging, f_marts cascade');
    await warehouse?.close();
  });

  it('counts every test of a view in one scan, with the counts and statuses each test alone gives', async () => {
    await warehouse.query(rawSql(ORDERS));
    const project = compileProject(memoryProject(FILES));
    const counting = recording(warehouse);
    const run = await executePlan(
      counting,
      planBuild(project, warehouse.dialect, { select: ['stg_orders'] }),
      {
        threads: 3,
      },
    );
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const test = result(run, name);
      assert.equal(test.status, expected.status, `${name}: ${test.message}`);
      assert.equal(test.failures, expected.failures, name);
      assert.ok((test.sample?.length ?? 0) > 0, `${name} has a sample`);
      // The test alone agrees with what the runner reported.
      const sql = project.tests.find((t) => t.name === name)?.compiledSql as string;
      const alone = await warehouse.query<{ n: string }>(`select count(*) as n from (${sql}) as t`);
      assert.equal(Number(alone.rows[0]?.n), expected.failures, `${name} alone`);
    }
    const scans = counting.statements.filter((s) => /^select\n {4}count\(/.test(s));
    assert.equal(scans.length, 1, scans.join('\n---\n'));
    assert.match(scans[0] as string, /from "f_staging"\."stg_orders"$/);
    // The tests started while the scan ran waited for it without taking one of the 3 threads.
    const waited = Object.keys(EXPECTED).filter((name) => result(run, name).threadId === 'Thread-fold');
    assert.ok(waited.length >= 1, 'some folded tests waited without a thread');
  });

  it('lets passing tests pass without their own query, and samples only the failing ones', async () => {
    const clean = ORDERS.filter(
      ([id, amount, status]) => id !== null && amount !== null && status === 'placed',
    );
    await warehouse.query(rawSql([...clean, [9, -1, 'placed']]));
    const project = compileProject(memoryProject(FILES));
    const counting = recording(warehouse);
    const run = await executePlan(
      counting,
      planBuild(project, warehouse.dialect, { select: ['stg_orders'] }),
      {
        threads: 2,
      },
    );
    const failing = 'expression_is_true_stg_orders_amount__amount_0';
    assert.equal(result(run, failing).status, 'fail');
    assert.equal(result(run, failing).failures, 1);
    for (const name of Object.keys(EXPECTED).filter((n) => n !== failing)) {
      assert.equal(result(run, name).status, 'success', name);
      assert.equal(result(run, name).failures, 0, name);
    }
    const own = counting.statements.filter((s) => s.startsWith('select count(*) as failures from ('));
    assert.equal(own.length, 1, own.join('\n---\n'));
    assert.match(own[0] as string, /not \(amount >= 0\)/);
  });

  it('runs the tests alone when the shared scan fails, so the broken one names its file and line', async () => {
    await warehouse.query(rawSql(ORDERS.filter(([id]) => id !== null)));
    const files = {
      ...FILES,
      'staging/_staging.yml': FILES['staging/_staging.yml']?.replace(
        'amount >= 0',
        'amount_typo >= 0',
      ) as string,
    };
    const project = compileProject(memoryProject(files));
    const run = await executePlan(
      warehouse,
      planBuild(project, warehouse.dialect, { select: ['stg_orders'] }),
    );
    const broken = result(run, 'expression_is_true_stg_orders_amount__amount_typo_0');
    assert.equal(broken.status, 'error');
    assert.match(broken.message, /amount_typo/);
    assert.match(broken.message, /sql\/staging\/_staging\.yml:9/);
    assert.equal(result(run, 'not_null_stg_orders_id').status, 'success');
  });

  it('guards a table with one scan of its new rows; a failing count keeps the previous table', async () => {
    await warehouse.query(rawSql(CLEAN));
    const project = compileProject(memoryProject(FILES));
    const plan = (on: Warehouse) => planBuild(project, on.dialect, { select: ['+fct_orders'] });
    const counting = recording(warehouse);
    const first = await executePlan(counting, plan(counting));
    assert.equal(first.ok, true, JSON.stringify(first.results.filter((r) => r.status !== 'success')));
    const guardScans = counting.statements.filter((s) => s.includes('from "f_marts"."fct_orders__etl_new"'));
    assert.equal(guardScans.length, 1, guardScans.join('\n---\n'));
    for (const name of [
      'not_null_fct_orders_order_id',
      'not_null_fct_orders_amount',
      'not_null_fct_orders_status',
    ])
      assert.equal(result(first, name).status, 'success', name);

    await warehouse.query("insert into f_raw.orders values (20, null, 'placed'), (21, null, 'placed')");
    const second = await executePlan(warehouse, plan(warehouse));
    const model = result(second, 'fct_orders');
    assert.equal(model.status, 'error');
    assert.match(model.message, /test not_null_fct_orders_amount found 2 failing rows in the new data/);
    assert.equal(result(second, 'not_null_fct_orders_amount').failures, 2);
    const kept = await warehouse.query<{ n: string }>('select count(*) as n from f_marts.fct_orders');
    assert.equal(Number(kept.rows[0]?.n), CLEAN.length);
  });

  it('reports a failing folded guard with the test’s own count (accepted_values: distinct values, not rows)', async () => {
    // fct_orders accepts fewer statuses than stg_orders, so the bad rows pass staging and reach the guard.
    const placed = CLEAN.filter(([, , status]) => status === 'placed');
    await warehouse.query(rawSql(placed));
    const files = {
      ...FILES,
      'marts/_marts.yml': FILES['marts/_marts.yml']?.replace(
        '      - name: status\n        data_tests: [not_null]',
        "      - name: status\n        data_tests:\n          - not_null\n          - accepted_values: { values: ['placed'] }",
      ) as string,
    };
    const project = compileProject(memoryProject(files));
    const plan = () => planBuild(project, warehouse.dialect, { select: ['+fct_orders'] });
    assert.equal(result(await executePlan(warehouse, plan()), 'fct_orders').status, 'success');
    // Two bad rows with one value: the scan counts 2 rows, the test 1 distinct value.
    const planted: typeof ORDERS = [
      [30, 5, 'shipped'],
      [31, 6, 'shipped'],
    ];
    const distinctBad = new Set(planted.map(([, , s]) => s).filter((s) => s !== 'placed')).size;
    assert.notEqual(distinctBad, planted.length, 'the rows must tell the two counts apart');
    const values = planted.map(([id, amount, status]) => `(${id}, ${amount}, '${status}')`).join(', ');
    await warehouse.query(`insert into f_raw.orders values ${values}`);
    const run = await executePlan(warehouse, plan());
    const model = result(run, 'fct_orders');
    assert.equal(model.status, 'error', model.message);
    assert.match(
      model.message,
      new RegExp(`test accepted_values_fct_orders_status__placed found ${distinctBad} failing row\\b`),
    );
    const test = result(run, 'accepted_values_fct_orders_status__placed');
    assert.equal(test.status, 'fail');
    assert.equal(test.failures, distinctBad);
    assert.equal(test.sample?.length, distinctBad);
    const kept = await warehouse.query<{ n: string }>('select count(*) as n from f_marts.fct_orders');
    assert.equal(Number(kept.rows[0]?.n), placed.length);
  });

  it('names the broken test of a folded guard by its file and line, and keeps the previous table', async () => {
    await warehouse.query(rawSql(CLEAN));
    const good = compileProject(memoryProject(FILES));
    const first = await executePlan(
      warehouse,
      planBuild(good, warehouse.dialect, { select: ['+fct_orders'] }),
    );
    assert.equal(result(first, 'fct_orders').status, 'success');
    const files = {
      ...FILES,
      'marts/_marts.yml': FILES['marts/_marts.yml']?.replace(
        '      - name: status\n        data_tests: [not_null]',
        '      - name: status\n        data_tests:\n          - not_null\n          - expression_is_true: { expression: "amount_typo > 0" }',
      ) as string,
    };
    const project = compileProject(memoryProject(files));
    const run = await executePlan(
      warehouse,
      planBuild(project, warehouse.dialect, { select: ['+fct_orders'] }),
    );
    const model = result(run, 'fct_orders');
    assert.equal(model.status, 'error');
    assert.match(model.message, /amount_typo/);
    assert.match(model.message, /sql\/marts\/_marts\.yml:11/);
    const left = await warehouse.query("select to_regclass('f_marts.fct_orders__etl_new') as t");
    assert.equal(left.rows[0]?.t, null);
    const kept = await warehouse.query<{ n: string }>('select count(*) as n from f_marts.fct_orders');
    assert.equal(Number(kept.rows[0]?.n), CLEAN.length);
  });
});
