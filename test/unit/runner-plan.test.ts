import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { compileProject } from '../../src/models/compile-project';
import type { CompiledProject } from '../../src/models/compiled-project';
import { loadProject } from '../../src/models/load-project';
import { formatPlan } from '../../src/runner/format-plan';
import { tempName } from '../../src/runner/materializations';
import { planBuild } from '../../src/runner/plan';
import type { ModelStep, Plan } from '../../src/runner/plan-types';
import { PostgresDialect } from '../../src/warehouse/dialect';
import { RedshiftDialect } from '../../src/warehouse/redshift-dialect';
import { locate, WarehouseError } from '../../src/warehouse/warehouse-error';
import { memoryProject } from '../fixtures/projects/memory-project';

const SHOP = join(__dirname, '..', 'fixtures', 'projects', 'shop');
const ROOT = join(__dirname, '..', '..');
const dialect = new PostgresDialect();

/** A dialect without transactional DDL, to see the plan follow the capability flag. */
class NoTransactionDialect extends PostgresDialect {
  override readonly supportsTransactionalDdl: boolean = false;
}

const modelStep = (plan: Plan, name: string): ModelStep => {
  const step = plan.steps.find((s) => s.name === name);
  assert.ok(step && step.resourceType === 'model', name);
  return step;
};

describe('runner: plan', () => {
  let project: CompiledProject;
  before(async () => {
    project = await loadProject(SHOP, { displayRoot: ROOT });
  });

  it('creates the schemas first, then orders steps by dependency with each model’s tests right after it', () => {
    const plan = planBuild(project, dialect);
    assert.deepEqual(
      plan.setup.map((s) => s.sql),
      ['create schema if not exists "reporting"', 'create schema if not exists "staging"'],
    );
    assert.deepEqual(
      plan.steps.map((s) => s.uniqueId),
      [
        'test.source_not_null_raw_customers_id',
        'model.stg_customers',
        'test.not_null_stg_customers_customer_id',
        'test.unique_stg_customers_customer_id',
        'model.stg_orders',
        'test.accepted_values_stg_orders_status__placed__shipped',
        'test.assert_positive_amounts',
        'test.not_null_stg_orders_order_id',
        'test.relationships_stg_orders_customer_id__customer_id__ref_stg_customers',
        'test.unique_stg_orders_order_id',
        'model.customer_orders',
        'test.expression_is_true_customer_orders__total_amount_0',
        'test.not_null_customer_orders_customer_id',
        'test.unique_customer_orders_customer_id',
      ],
    );
    // The models downstream wait for the tests of what they read (dbt build).
    assert.deepEqual(modelStep(plan, 'stg_customers').dependsOn, ['test.source_not_null_raw_customers_id']);
    assert.ok(modelStep(plan, 'customer_orders').dependsOn.includes('test.unique_stg_orders_order_id'));
  });

  it('builds a view with create or replace, recovering from changed columns or a table in its place', () => {
    const step = modelStep(planBuild(project, dialect), 'stg_customers');
    const body = project.models.find((m) => m.name === 'stg_customers')?.compiledSql;
    assert.deepEqual(
      step.statements.map((s) => s.sql),
      [`create or replace view "staging"."stg_customers" as\n${body}`],
    );
    assert.deepEqual(
      step.recoveries.map((r) => [r.at, r.codes, r.statements.map((s) => s.sql.split('\n')[0])]),
      [
        [
          0,
          ['42P16'],
          [
            'begin',
            'drop view if exists "staging"."stg_customers" cascade',
            'create view "staging"."stg_customers" as',
            'commit',
          ],
        ],
        [
          0,
          ['42809'],
          [
            'begin',
            'drop table if exists "staging"."stg_customers" cascade',
            'create view "staging"."stg_customers" as',
            'commit',
          ],
        ],
      ],
    );
  });

  it('on Redshift every view is late-binding, in the statement and its fallbacks, so no drop takes dependants along', () => {
    const step = modelStep(planBuild(project, new RedshiftDialect()), 'stg_customers');
    const creates = [step.statements[0], ...step.recoveries.flatMap((r) => r.statements)].filter((s) =>
      /^create (or replace )?view/.test(s?.sql ?? ''),
    );
    assert.equal(creates.length, 3);
    for (const create of creates) assert.match(create?.sql ?? '', /\nwith no schema binding$/);
    // The error position still maps to the model file: the suffix comes after the body.
    assert.equal(
      step.statements[0]?.body?.offset,
      'create or replace view "staging"."stg_customers" as\n'.length,
    );
  });

  it('builds a table beside the old one and swaps it in one transaction, then analyzes it', () => {
    // Models only: no tests planned, so no guards before the swap (see the next test).
    const step = modelStep(planBuild(project, dialect, { resourceTypes: ['model'] }), 'customer_orders');
    assert.deepEqual(
      step.statements.map((s) => s.sql.split('\n')[0]),
      [
        'drop table if exists "reporting"."customer_orders__etl_new"',
        'create table "reporting"."customer_orders__etl_new" as',
        'begin',
        'drop table if exists "reporting"."customer_orders" cascade',
        'alter table "reporting"."customer_orders__etl_new" rename to "customer_orders"',
        'commit',
        // A small statistics sample (issue 15): the plans need row counts and keys, not histograms.
        'begin',
        'set local default_statistics_target = 10',
        'analyze "reporting"."customer_orders"',
        'commit',
      ],
    );
    const create = step.statements[1];
    assert.equal(create?.reportsRows, true);
    assert.equal(create?.body?.offset, 'create table "reporting"."customer_orders__etl_new" as\n'.length);
    assert.equal(create?.sql.slice(create.body?.offset), project.models[0]?.compiledSql);
    assert.deepEqual(
      step.recoveries.map((r) => [r.at, r.codes, r.statements.map((s) => s.sql)]),
      [
        [
          3,
          ['42809'],
          [
            'begin',
            'drop view if exists "reporting"."customer_orders" cascade',
            'alter table "reporting"."customer_orders__etl_new" rename to "customer_orders"',
            'commit',
            'begin',
            'set local default_statistics_target = 10',
            'analyze "reporting"."customer_orders"',
            'commit',
          ],
        ],
      ],
    );
  });

  it('runs the error-severity tests of a table on its new rows before the swap (guards)', () => {
    const step = modelStep(planBuild(project, dialect), 'customer_orders');
    const guards = step.statements.filter((s) => s.guard);
    const tests = project.tests.filter((t) => t.attachedTo === step.uniqueId).map((t) => t.uniqueId);
    assert.deepEqual(guards.map((s) => s.guard?.test).sort(), tests.sort());
    assert.deepEqual(step.statements.map((s) => s.sql.split('\n')[0]).slice(0, 6), [
      'drop table if exists "reporting"."customer_orders__etl_new"',
      'create table "reporting"."customer_orders__etl_new" as',
      ...guards.map(() => 'select count(*) as failures from ('),
      'begin',
    ]);
    for (const guard of guards) {
      const test = project.tests.find((t) => t.uniqueId === guard.guard?.test);
      const onNew = test?.compiledSql
        .split('"reporting"."customer_orders"')
        .join('"reporting"."customer_orders__etl_new"');
      assert.equal(guard.sql, `select count(*) as failures from (\n${onNew}\n) as dbt_internal_test`);
      assert.ok(!guard.sql.includes('"reporting"."customer_orders"'));
      assert.equal(guard.guard?.dropNew, 'drop table if exists "reporting"."customer_orders__etl_new"');
    }
    // The recovery of the swap's drop points past the guards.
    assert.equal(
      step.statements[step.recoveries[0]?.at ?? 0]?.sql,
      'drop table if exists "reporting"."customer_orders" cascade',
    );
    assert.match(
      formatPlan(planBuild(project, dialect)),
      /-- guard: test unique_customer_orders_customer_id on the new table before the swap/,
    );
  });

  it('leaves out the transaction when the dialect has no transactional DDL', () => {
    const step = modelStep(
      planBuild(project, new NoTransactionDialect(), { resourceTypes: ['model'] }),
      'customer_orders',
    );
    assert.ok(!step.statements.some((s) => s.sql === 'begin' || s.sql === 'commit'));
    assert.equal(step.recoveries[0]?.at, 2);
  });

  it('wraps a test into a count and a sample of failing rows', () => {
    const plan = planBuild(project, dialect);
    const step = plan.steps.find((s) => s.name === 'unique_stg_orders_order_id');
    assert.ok(step && step.resourceType === 'test');
    const sql = project.tests.find((t) => t.name === step.name)?.compiledSql;
    assert.equal(step.count.sql, `select count(*) as failures from (\n${sql}\n) as dbt_internal_test`);
    assert.equal(step.sample.sql, `select * from (\n${sql}\n) as dbt_internal_test limit 5`);
    assert.deepEqual(step.count.body, {
      offset: 'select count(*) as failures from (\n'.length,
      file: 'test/fixtures/projects/shop/staging/_staging.yml',
      line: 15,
      preservesLines: false,
    });
  });

  it('plans only the selection, with its tests and the schemas it needs', () => {
    const plan = planBuild(project, dialect, { select: ['customer_orders'] });
    assert.deepEqual(
      plan.steps.map((s) => s.uniqueId),
      [
        'model.customer_orders',
        'test.expression_is_true_customer_orders__total_amount_0',
        'test.not_null_customer_orders_customer_id',
        'test.unique_customer_orders_customer_id',
      ],
    );
    assert.deepEqual(modelStep(plan, 'customer_orders').dependsOn, []);
    assert.deepEqual(
      plan.setup.map((s) => s.sql),
      ['create schema if not exists "reporting"'],
    );
    assert.deepEqual(planBuild(project, dialect, { select: ['nothing'] }).warnings, [
      'The selector "nothing" matches nothing.',
    ]);
  });

  it('keeps the order through unselected models (a → b → c, select a and c)', () => {
    const chain = compileProject(
      memoryProject({
        'staging/a.sql': 'select 1 as id',
        'staging/b.sql': "select * from {{ ref('a') }}",
        'marts/c.sql': "select * from {{ ref('b') }}",
      }),
    );
    const plan = planBuild(chain, dialect, { select: ['a c'] });
    assert.deepEqual(
      plan.steps.map((s) => s.uniqueId),
      ['model.a', 'model.c'],
    );
    assert.deepEqual(modelStep(plan, 'c').dependsOn, ['model.a']);
  });

  it('formats the plan as a SQL script for --dry-run', () => {
    const text = formatPlan(planBuild(project, dialect, { select: ['stg_orders'] }));
    assert.match(
      text,
      /^-- build plan: project shop, dialect postgres, 6 steps\n\n-- setup\ncreate schema if not exists "staging";\n/,
    );
    assert.match(
      text,
      /\n-- model\.stg_orders \(view, test\/fixtures\/projects\/shop\/staging\/stg_orders\.sql\)\ncreate or replace view "staging"\."stg_orders" as\n/,
    );
    assert.match(
      text,
      /-- {3}if statement 1 fails with 42P16 \(the view's columns changed\), instead:\n-- {5}begin;\n/,
    );
    assert.match(text, /-- when failures > 0:\nselect \* from \(\n/);
  });

  it('shortens a temporary table name that would pass the identifier limit', () => {
    assert.equal(tempName('orders', 63), 'orders__etl_new');
    const long = tempName('x'.repeat(60), 63);
    assert.equal(long.length, 63);
    assert.match(long, /^x+_[0-9a-f]{8}__etl_new$/);
  });
});

describe('runner: WarehouseError', () => {
  const model = 'select\n    id,\n    -- café ☕ 🍩\n    custmer as customer_id\nfrom "raw"."orders"';
  const prefix = 'create or replace view "staging"."stg_orders" as\n';
  const statement = {
    sql: `${prefix}${model}`,
    body: { offset: prefix.length, file: 'sql/staging/stg_orders.sql', line: 1, preservesLines: true },
  };
  /** PostgreSQL's position: 1-based, counted in characters (an emoji is one). */
  const positionOf = (text: string) =>
    Array.from(statement.sql.slice(0, statement.sql.indexOf(text))).length + 1;

  it('maps pg’s character position back to the file line and column', () => {
    const location = locate(statement, positionOf('custmer'));
    assert.deepEqual(location, {
      file: 'sql/staging/stg_orders.sql',
      line: 4,
      compiledLine: 4,
      column: 5,
      sqlLine: '    custmer as customer_id',
      exact: true,
    });
    assert.equal(locate(statement, 3), undefined, 'a position in the wrapper is not in the file');
  });

  it('points a generated (YAML) test at its declaration', () => {
    const test = {
      sql: statement.sql,
      body: { ...statement.body, file: 'sql/_s.yml', line: 12, preservesLines: false },
    };
    const location = locate(test, positionOf('custmer'));
    assert.deepEqual(
      [location?.file, location?.line, location?.compiledLine, location?.exact],
      ['sql/_s.yml', 12, 4, false],
    );
  });

  it('keeps code, position, hint and detail, and says what, where, why and how to fix', () => {
    const pgError = Object.assign(new Error('column "custmer" does not exist'), {
      code: '42703',
      position: String(positionOf('custmer')),
      hint: 'Perhaps you meant to reference the column "orders.customer".',
      detail: undefined,
    });
    const error = new WarehouseError(
      'Model stg_orders',
      pgError,
      statement,
      'The previous view is unchanged.',
    );
    assert.equal(error.code, '42703');
    assert.equal(error.position, positionOf('custmer'));
    assert.equal(error.hint, pgError.hint);
    assert.equal(error.location?.line, 4);
    assert.equal(
      error.message,
      [
        'Model stg_orders failed in the warehouse: column "custmer" does not exist (SQLSTATE 42703)',
        '  at sql/staging/stg_orders.sql:4:5',
        '  | custmer as customer_id',
        '  hint: Perhaps you meant to reference the column "orders.customer".',
        `  why: the database refused the node's SQL: create or replace view "staging"."stg_orders" as`,
        '  fix: correct the SQL in sql/staging/stg_orders.sql at line 4, then run again. The previous view is unchanged.',
      ].join('\n'),
    );
    assert.equal((error.toJSON().location as { line: number }).line, 4);
  });
});
