import { strict as assert } from 'node:assert';
import { compileProject } from '../../src/models/compile-project';
import { formatPlan } from '../../src/runner/format-plan';
import { planBuild } from '../../src/runner/plan';
import type { TestStep } from '../../src/runner/plan-types';
import { PostgresDialect } from '../../src/warehouse/dialect';
import { memoryProject } from '../fixtures/projects/memory-project';

const dialect = new PostgresDialect();

const project = compileProject(
  memoryProject({
    'project.yml':
      'name: fold\nmodels:\n  staging: { schema: s }\n  marts: { schema: m, materialized: table }\n',
    'sources.yml': 'sources:\n  - name: raw\n    schema: r\n    tables: [{ name: orders }]\n',
    'staging/stg_orders.sql': "select id, status, amount from {{ source('raw', 'orders') }}",
    'staging/stg_one.sql': "select id from {{ source('raw', 'orders') }}",
    'marts/fct_orders.sql': "select * from {{ ref('stg_orders') }}",
    'staging/_staging.yml': [
      'models:',
      '  - name: stg_orders',
      '    columns:',
      '      - name: id',
      '        data_tests: [unique, not_null]',
      '      - name: status',
      '        data_tests:',
      "          - accepted_values: { values: ['a', 'b'] }",
      '          - not_null: { config: { where: "id > 0" } }',
      '      - name: amount',
      '        data_tests:',
      '          - expression_is_true: { expression: "amount >= 0", config: { severity: warn } }',
      '  - name: stg_one',
      '    columns:',
      '      - name: id',
      '        data_tests: [not_null]',
      '  - name: fct_orders',
      '    columns:',
      '      - name: id',
      '        data_tests: [unique, not_null]',
      '      - name: amount',
      '        data_tests: [not_null]',
    ].join('\n'),
  }),
);

describe('runner: folding a relation’s row-at-a-time tests into one scan (plan)', () => {
  const plan = planBuild(project, dialect);
  const test = (name: string) => plan.steps.find((s) => s.name === name) as TestStep;

  it('folds not_null, accepted_values and expression_is_true (any severity) of one relation', () => {
    const folded = [
      'not_null_stg_orders_id',
      'accepted_values_stg_orders_status__a__b',
      'expression_is_true_stg_orders_amount__amount_0',
    ].map(test);
    const keys = new Set(folded.map((step) => step.fold?.key));
    assert.equal(keys.size, 1);
    assert.ok(!keys.has(undefined));
    assert.deepEqual(folded.map((step) => step.fold?.column).sort(), [
      'failures_0',
      'failures_1',
      'failures_2',
    ]);
    const sql = folded[0]?.fold?.statement.sql as string;
    assert.match(sql, /count\(case when "id" is null then 1 end\) as failures_\d/);
    // Rows, not distinct values: zero exactly when the test passes, and no sort of the relation.
    assert.match(sql, /count\(case when "status" not in \('a', 'b'\) then 1 end\)/);
    assert.doesNotMatch(sql, /distinct/);
    assert.match(sql, /count\(case when not \(amount >= 0\) then 1 end\)/);
    assert.match(sql, /\nfrom "s"\."stg_orders"$/);
  });

  it('leaves alone unique, tests with a where, a lone test, and tests a guard already runs', () => {
    for (const name of [
      'unique_stg_orders_id',
      'not_null_stg_orders_status',
      'not_null_stg_one_id',
      'not_null_fct_orders_id',
      'not_null_fct_orders_amount',
    ])
      assert.equal(test(name).fold, undefined, name);
  });

  it('guards a table with one scan of its new rows for its foldable error tests', () => {
    const model = plan.steps.find((s) => s.name === 'fct_orders');
    assert.ok(model?.resourceType === 'model');
    const folded = model.statements.filter((s) => s.guards);
    assert.equal(folded.length, 1);
    assert.deepEqual(folded[0]?.guards?.map((g) => g.name).sort(), [
      'not_null_fct_orders_amount',
      'not_null_fct_orders_id',
    ]);
    assert.match(folded[0]?.sql as string, /from "m"\."fct_orders__etl_new"$/);
    assert.equal(model.statements.filter((s) => s.guard?.name === 'unique_fct_orders_id').length, 1);
    assert.match(formatPlan(plan), /-- one scan of "s"\."stg_orders" for the tests below marked "folded"/);
  });
});
