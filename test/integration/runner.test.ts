import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileProject } from '../../src/models/compile-project';
import { discoverProject } from '../../src/models/discover-project';
import type { ProjectFiles } from '../../src/models/project-files';
import { executePlan } from '../../src/runner/execute';
import { planBuild } from '../../src/runner/plan';
import type { NodeResult, RunResult } from '../../src/runner/run-result';
import { writeManifest, writeRunResults } from '../../src/runner/run-results';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { WarehouseError } from '../../src/warehouse/warehouse-error';
import { testWarehouse } from '../support/test-warehouse';

const SHOP = join(__dirname, '..', 'fixtures', 'projects', 'shop');
const ROOT = join(__dirname, '..', '..');

/** The targets these tests run on (Redshift joins when its test server exists). */
const TARGETS: Array<{ name: string; open: () => Promise<Warehouse> }> = [
  { name: 'local', open: testWarehouse },
];

const RAW = `
  drop schema if exists raw cascade;
  create schema raw;
  create table raw.customers (id text, name text);
  create table raw.orders (id text, customer_id text, status text, amount numeric(12, 2));
  insert into raw.customers values ('c1', 'Ann'), ('c2', 'Bob'), ('c3', 'Zoë');
  insert into raw.orders values
    ('o1', 'c1', 'placed', 10.00), ('o2', 'c1', 'shipped', 5.50), ('o3', 'c2', 'placed', 7.25);
`;

const CUSTOMER_ORDERS = [
  { customer_id: 'c1', customer_name: 'Ann', order_count: 2, total_amount: '15.50' },
  { customer_id: 'c2', customer_name: 'Bob', order_count: 1, total_amount: '7.25' },
  { customer_id: 'c3', customer_name: 'Zoë', order_count: 0, total_amount: '0.00' },
];

/** The shop project with one file's text changed. */
function withFile(files: ProjectFiles, path: string, change: (text: string) => string): ProjectFiles {
  return {
    ...files,
    modelFiles: files.modelFiles.map((file) =>
      file.path === path ? { ...file, text: change(file.text) } : file,
    ),
  };
}

for (const target of TARGETS) {
  describe(`runner (${target.name})`, () => {
    let warehouse: Warehouse;
    let files: ProjectFiles;
    before(async () => {
      warehouse = await target.open();
      files = await discoverProject(SHOP, { displayRoot: ROOT });
    });
    after(() => warehouse?.close());
    beforeEach(() => warehouse.query(RAW));

    const build = (project: ProjectFiles = files, threads = 4, on: Warehouse = warehouse) =>
      executePlan(on, planBuild(compileProject(project), on.dialect), { threads });
    const result = (run: RunResult, name: string): NodeResult => {
      const found = run.results.find((r) => r.name === name);
      assert.ok(found, name);
      return found;
    };
    const problems = (run: RunResult) =>
      run.results.filter((r) => r.status !== 'success').map((r) => `${r.uniqueId} ${r.status}: ${r.message}`);
    const customerOrders = async (on: Warehouse = warehouse) =>
      (await on.query('select * from reporting.customer_orders order by customer_id')).rows;
    const relationKind = async (schema: string, name: string) =>
      (
        await warehouse.query<{ relkind: string }>(
          'select c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2',
          [schema, name],
        )
      ).rows[0]?.relkind;

    it('builds views, tables and their tests, and builds again over them', async () => {
      const first = await build();
      assert.deepEqual(problems(first), []);
      assert.equal(first.results.length, 14);
      assert.equal(await relationKind('staging', 'stg_orders'), 'v');
      assert.equal(await relationKind('reporting', 'customer_orders'), 'r');
      assert.equal(await relationKind('reporting', 'customer_orders__etl_new'), undefined);
      assert.deepEqual(await customerOrders(), CUSTOMER_ORDERS);
      assert.equal(result(first, 'customer_orders').rowsAffected, 3);
      const second = await build();
      assert.deepEqual(problems(second), []);
      assert.deepEqual(await customerOrders(), CUSTOMER_ORDERS);
    });

    it('a failing test is `fail` with its count and sample, and skips what reads the model', async () => {
      await build();
      await warehouse.query(
        "insert into raw.orders values ('o1', 'c3', 'placed', 1.00), ('o4', 'c3', 'returned', 2.00)",
      );
      const run = await build();
      const unique = result(run, 'unique_stg_orders_order_id');
      assert.equal(unique.status, 'fail');
      assert.equal(unique.failures, 1);
      assert.deepEqual(unique.sample, [{ unique_field: 'o1', n_records: '2' }]);
      const accepted = result(run, 'accepted_values_stg_orders_status__placed__shipped');
      assert.equal(accepted.status, 'warn');
      assert.deepEqual(accepted.sample, [{ value_field: 'returned', n_records: '1' }]);
      const skipped = run.results.filter((r) => r.status === 'skipped').map((r) => r.name);
      assert.deepEqual(skipped.sort(), [
        'customer_orders',
        'expression_is_true_customer_orders__total_amount_0',
        'not_null_customer_orders_customer_id',
        'unique_customer_orders_customer_id',
      ]);
      assert.equal(result(run, 'customer_orders').skippedBecause, 'test.unique_stg_orders_order_id');
      assert.equal(result(run, 'stg_customers').status, 'success');
      assert.equal(run.ok, false);
      assert.deepEqual(await customerOrders(), CUSTOMER_ORDERS, 'the skipped table keeps its previous rows');
    });

    it('a SQL error names the model file and line, and leaves the previous table in place', async () => {
      await build();
      const broken = withFile(files, 'marts/customer_orders.sql', (text) =>
        text.replace('sum(orders.amount)', 'sum(orders.amont)'),
      );
      const run = await build(broken);
      const failed = result(run, 'customer_orders');
      assert.equal(failed.status, 'error');
      assert.ok(failed.error instanceof WarehouseError);
      assert.equal(failed.error.code, '42703');
      assert.deepEqual(
        [failed.error.location?.file, failed.error.location?.line, failed.error.location?.column],
        ['test/fixtures/projects/shop/marts/customer_orders.sql', 15, 23],
      );
      assert.match(failed.message, /column orders\.amont does not exist/);
      assert.match(
        failed.message,
        /at test\/fixtures\/projects\/shop\/marts\/customer_orders\.sql:15:23\n {2}\| cast\(coalesce\(sum\(orders\.amont\)/,
      );
      assert.match(failed.message, /hint: Perhaps you meant to reference the column "orders\.amount"\./);
      assert.match(
        failed.message,
        /The previous table "reporting"\."customer_orders" \(if any\) is unchanged\./,
      );
      assert.equal(result(run, 'unique_customer_orders_customer_id').status, 'skipped');
      assert.deepEqual(await customerOrders(), CUSTOMER_ORDERS);
      assert.equal(await relationKind('reporting', 'customer_orders__etl_new'), undefined);
    });

    it('recreates a view whose columns changed, and swaps a view for a table and back', async () => {
      await build();
      // PostgreSQL refuses `create or replace view` that drops a column (42P16).
      const fewer = withFile(files, 'staging/stg_orders.sql', (text) => text.replace('    status,\n', ''));
      const noStatus = await build(fewer);
      assert.equal(result(noStatus, 'stg_orders').status, 'success', result(noStatus, 'stg_orders').message);
      const columns = await warehouse.query(
        "select column_name from information_schema.columns where table_schema = 'staging' and table_name = 'stg_orders' order by ordinal_position",
      );
      assert.deepEqual(
        columns.rows.map((r) => r.column_name),
        ['order_id', 'customer_id', 'amount'],
      );

      const asTable = withFile(files, 'staging/stg_orders.sql', (text) =>
        text.replace("config(materialized='view'", "config(materialized='table'"),
      );
      const toTable = await build(asTable);
      assert.deepEqual(problems(toTable), []);
      assert.equal(await relationKind('staging', 'stg_orders'), 'r');
      const backToView = await build();
      assert.deepEqual(problems(backToView), []);
      assert.equal(await relationKind('staging', 'stg_orders'), 'v');
      assert.deepEqual(await customerOrders(), CUSTOMER_ORDERS);
    });

    it('builds the same result with 4 threads as with 1', async () => {
      const other = await target.open();
      try {
        await other.query(RAW);
        const serial = await build(files, 1, other);
        const parallel = await build(files, 4);
        assert.equal(serial.threads, 1);
        assert.equal(parallel.threads, 4);
        const statuses = (run: RunResult) => run.results.map((r) => [r.uniqueId, r.status, r.failures]);
        assert.deepEqual(statuses(parallel), statuses(serial));
        assert.deepEqual(await customerOrders(), await customerOrders(other));
        const threadIds = new Set(parallel.results.map((r) => r.threadId));
        assert.ok(threadIds.size > 1, 'several threads were used');
      } finally {
        await other.close();
      }
    });

    it('writes run_results.json and manifest.json', async () => {
      const project = compileProject(files);
      const run = await executePlan(warehouse, planBuild(project, warehouse.dialect), { threads: 2 });
      const outDir = mkdtempSync(join(tmpdir(), 'etl-runner-'));
      await writeRunResults(run, { outDir, args: { select: [] }, target: target.name });
      await writeManifest(project, { outDir, target: target.name });
      const results = JSON.parse(readFileSync(join(outDir, 'run_results.json'), 'utf8'));
      assert.equal(results.results.length, 14);
      assert.equal(results.args.threads, 2);
      const table = results.results.find(
        (r: { unique_id: string }) => r.unique_id === 'model.customer_orders',
      );
      assert.equal(table.adapter_response.rows_affected, 3);
      const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
      assert.match(manifest.nodes['model.customer_orders'].compiled_code, /from "staging"\."stg_orders"/);
    });
  });
}
