import { strict as assert } from 'node:assert';
import { compileProject } from '../../src/models/compile-project';
import type { CompiledProject } from '../../src/models/compiled-project';
import { formatPlan } from '../../src/runner/format-plan';
import { planBuild } from '../../src/runner/plan';
import type { ModelStep, Plan, SeedStep, TestStep } from '../../src/runner/plan-types';
import { type Dialect, PostgresDialect } from '../../src/warehouse/dialect';
import { RedshiftDialect } from '../../src/warehouse/redshift-dialect';
import { memoryProject } from '../fixtures/projects/memory-project';

const FILES = {
  'project.yml': 'name: p\ndata_tests: { store_failures: true }\n',
  'sources.yml': 'sources:\n  - name: raw\n    tables: [{ name: events }]\n',
  'staging/stg_events.sql':
    "{{ config(materialized='ephemeral') }}\nselect id, at from {{ source('raw', 'events') }}",
  'marts/fct.sql':
    "{{ config(materialized='incremental', unique_key=['id', 'at']) }}\nselect * from {{ ref('stg_events') }}\n{% if is_incremental() %}where at > (select max(at) from {{ this }}){% endif %}",
  'marts/_marts.yml':
    'models:\n  - name: fct\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
  'seeds/kinds.csv': 'kind,weight\nclick,1\n',
  'seeds/_seeds.yml': 'seeds:\n  - name: kinds\n    config: { column_types: { weight: integer } }\n',
};

const step = <T>(plan: Plan, name: string) => plan.steps.find((s) => s.name === name) as T;
const sqls = (statements: { sql: string }[]) => statements.map((s) => s.sql);

function plans(dialect: Dialect, options = {}) {
  const project: CompiledProject = compileProject(memoryProject(FILES), { dialect });
  return planBuild(project, dialect, options);
}

describe('runner: incremental, seed and store_failures plans (golden SQL per dialect)', () => {
  for (const dialect of [new PostgresDialect(), new RedshiftDialect()]) {
    it(`incremental merge on ${dialect.name}: probe, new rows into a temp table, key check, delete + insert in one transaction`, () => {
      const fct = step<ModelStep>(plans(dialect), 'fct');
      assert.deepEqual(sqls(fct.statements), [
        'select * from "marts"."fct" where 1 = 0',
        'drop table if exists "fct__etl_incr"',
        'create temporary table "fct__etl_incr" as\nwith "__dbt__cte__stg_events" as (\n\nselect id, at from "raw"."events"\n)\n\nselect * from "__dbt__cte__stg_events"\nwhere at > (select max(at) from "marts"."fct")',
        'select "id", "at", count(*) as copies from "fct__etl_incr" group by "id", "at" having count(*) > 1 limit 5',
        'begin',
        'delete from "marts"."fct" using "fct__etl_incr" where "fct"."id" = "fct__etl_incr"."id" and "fct"."at" = "fct__etl_incr"."at"',
        'insert into "marts"."fct" select * from "fct__etl_incr"',
        'commit',
        'drop table "fct__etl_incr"',
        'analyze "marts"."fct"',
      ]);
      assert.deepEqual(
        fct.recoveries.map((r) => [r.at, r.codes]),
        [[0, ['42P01']]],
      );
      const firstBuild = sqls(fct.recoveries[0]?.statements ?? []);
      assert.match(
        firstBuild[1] ?? '',
        /^create table "marts"."fct__etl_new" (diststyle auto )?as\nwith "__dbt__cte__stg_events"/,
      );
      assert.doesNotMatch(firstBuild[1] ?? '', /max\(at\)/, 'the first build reads everything');
      // The error position maps into the file: the body starts after the inlined CTE.
      const body = fct.statements[2]?.body;
      assert.equal(fct.statements[2]?.sql.slice(body?.offset).split('\n')[0], '');
      assert.equal(
        fct.statements[2]?.sql.slice(body?.offset).split('\n')[1],
        'select * from "__dbt__cte__stg_events"',
      );
    });

    it(`--full-refresh on ${dialect.name} builds the incremental model as a table swap`, () => {
      const fct = step<ModelStep>(plans(dialect, { fullRefresh: true }), 'fct');
      assert.equal(fct.statements[0]?.sql, 'drop table if exists "marts"."fct__etl_new"');
      assert.ok(fct.statements.some((s) => s.sql === 'alter table "marts"."fct__etl_new" rename to "fct"'));
    });

    it(`a seed on ${dialect.name}: typed table, COPY from the client or INSERT … VALUES, swap`, () => {
      const plan = plans(dialect);
      const seed = step<SeedStep>(plan, 'kinds');
      // Redshift: no COPY FROM STDIN, and bare text would be VARCHAR(256): sized from the values.
      const redshift = !dialect.supportsCopyFromStdin;
      assert.deepEqual(sqls(seed.statements), [
        'drop table if exists "seeds"."kinds__etl_new"',
        `create table "seeds"."kinds__etl_new" (\n  "kind" ${redshift ? 'varchar(5)' : 'text'},\n  "weight" integer\n)`,
        redshift
          ? `insert into "seeds"."kinds__etl_new" ("kind", "weight") values\n  ('click', '1')`
          : `copy "seeds"."kinds__etl_new" ("kind", "weight") from stdin with (format csv, header true, encoding 'UTF8')`,
        ...(dialect.supportsTransactionalDdl ? ['begin'] : []),
        'drop table if exists "seeds"."kinds" cascade',
        'alter table "seeds"."kinds__etl_new" rename to "kinds"',
        ...(dialect.supportsTransactionalDdl ? ['commit'] : []),
        'analyze "seeds"."kinds"',
      ]);
      assert.equal(seed.csv, 'kind,weight\nclick,1\n');
      assert.deepEqual(
        plan.setup.map((s) => s.sql),
        [
          'create schema if not exists "marts"',
          'create schema if not exists "seeds"',
          'create schema if not exists "test_failures"',
        ],
      );
    });
  }

  it('plans no step for an ephemeral model; its dependants wait for what it reads', () => {
    const plan = plans(new PostgresDialect());
    assert.equal(
      plan.steps.some((s) => s.name === 'stg_events'),
      false,
    );
    assert.deepEqual(step<ModelStep>(plan, 'fct').dependsOn, []);
  });

  it('store_failures (project-wide) recreates a failures table named after the test, then counts from it', () => {
    const test = step<TestStep>(plans(new PostgresDialect()), 'not_null_fct_id');
    assert.deepEqual(sqls(test.store ?? []), [
      'drop table if exists "test_failures"."not_null_fct_id"',
      'create table "test_failures"."not_null_fct_id" as\nselect * from (\nselect *\nfrom "marts"."fct"\nwhere "id" is null\n) as dbt_internal_test',
    ]);
    assert.equal(test.count.sql, 'select count(*) as failures from "test_failures"."not_null_fct_id"');
    assert.equal(test.sample.sql, 'select * from "test_failures"."not_null_fct_id" limit 5');
  });

  it('selects seeds with resource_type:seed and formats the plan with the seed and its rows', () => {
    const plan = plans(new PostgresDialect(), { resourceTypes: ['seed'] });
    assert.deepEqual(
      plan.steps.map((s) => s.uniqueId),
      ['seed.kinds'],
    );
    assert.match(formatPlan(plan), /-- seed.kinds \(seed, 1 rows, sql\/seeds\/kinds.csv\)/);
  });
});
