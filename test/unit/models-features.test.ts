import { strict as assert } from 'node:assert';
import { CompileError } from '../../src/models/compile-error';
import { compileProject } from '../../src/models/compile-project';
import { compileSql } from '../../src/models/compile-sql';
import { prependCtes } from '../../src/models/inline-ephemerals';
import { RedshiftDialect } from '../../src/warehouse/redshift-dialect';
import { memoryProject } from '../fixtures/projects/memory-project';

const BASE: Record<string, string> = {
  'sources.yml':
    'sources:\n  - name: raw\n    tables: [{ name: orders, columns: [{ name: amount, data_type: integer }] }]\n',
  'macros/money.sql':
    "{% macro cents_to_dollars(column) %}cast({{ column }} / 100.0 as numeric(12, 2)){% endmacro %}\n{% macro dow(column) %}{% if target.type == 'redshift' %}extract(dow from {{ column }}){% else %}extract(isodow from {{ column }}){% endif %}{% endmacro %}\n",
  'staging/stg_orders.sql':
    "select id, {{ cents_to_dollars('amount') }} as amount, {{ dow('at') }} as dow\nfrom {{ source('raw', 'orders') }}",
  'staging/base_orders.sql':
    "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('stg_orders') }} where amount > 0",
  'marts/fct_orders.sql':
    "with\n\nbase as (select * from {{ ref('base_orders') }})\n\nselect id, amount\nfrom base",
  'seeds/regions.csv': 'code,"name"\nn,"North, far"\n',
  'seeds/_seeds.yml': 'seeds:\n  - name: regions\n    config: { column_types: { code: char(1) } }\n',
};

function problemsOf(files: Record<string, string>): string[] {
  try {
    compileProject(memoryProject(files));
  } catch (error) {
    assert.ok(error instanceof CompileError, String(error));
    return error.problems.map((p) => `${p.file}:${p.line}: ${p.problem}`);
  }
  assert.fail('expected compile problems');
}

describe('models: macros, ephemeral models, seeds, incremental config, unit tests', () => {
  it('makes macros available in every model, spelled per dialect through target.type', () => {
    const postgres = compileProject(memoryProject(BASE));
    const redshift = compileProject(memoryProject(BASE), { dialect: new RedshiftDialect() });
    const stg = (project: typeof postgres) =>
      project.models.find((m) => m.name === 'stg_orders')?.compiledSql;
    assert.equal(
      stg(postgres),
      'select id, cast(amount / 100.0 as numeric(12, 2)) as amount, extract(isodow from at) as dow\nfrom "raw"."orders"',
    );
    assert.equal(
      stg(redshift),
      'select id, cast(amount / 100.0 as numeric(12, 2)) as amount, extract(dow from at) as dow\nfrom "raw"."orders"',
    );
  });

  it('inlines an ephemeral model as a CTE joined to the model’s own with-list, keeping its lines', () => {
    const project = compileProject(memoryProject(BASE));
    const fct = project.models.find((m) => m.name === 'fct_orders');
    assert.equal(
      fct?.compiledSql,
      // The ephemeral file's config() line renders empty: its lines are kept.
      'with "__dbt__cte__base_orders" as (\n\nselect * from "staging"."stg_orders" where amount > 0\n),\n    \n\nbase as (select * from "__dbt__cte__base_orders")\n\nselect id, amount\nfrom base',
    );
    assert.equal(
      fct?.compiledSql.slice(fct.bodyOffset).split('\n').length,
      6,
      'the file’s 6 lines follow the CTE',
    );
    assert.deepEqual(fct?.dependsOn, ['model.base_orders']);
    assert.equal(project.models.find((m) => m.name === 'base_orders')?.materialized, 'ephemeral');
    // Ad hoc SQL (the KPI code's) gets the same inlining.
    assert.equal(
      compileSql(project, "select count(*) from {{ ref('base_orders') }}").sql,
      'with "__dbt__cte__base_orders" as (\n\nselect * from "staging"."stg_orders" where amount > 0\n)\nselect count(*) from "__dbt__cte__base_orders"',
    );
  });

  it('prepends CTEs before a SELECT without a with-clause, and into `with recursive`', () => {
    assert.deepEqual(prependCtes('select 1', [{ name: 'a', sql: 'select 2' }]), {
      sql: 'with "a" as (\nselect 2\n)\nselect 1',
      bodyOffset: 25,
    });
    assert.equal(
      prependCtes('-- note\nWITH RECURSIVE r as (select 1) select * from r', [{ name: 'a', sql: 'select 2' }])
        .sql,
      'with recursive "a" as (\nselect 2\n),\n-- note\n               r as (select 1) select * from r',
    );
  });

  it('hoists an ephemeral model’s own CTEs into the one WITH list, renaming those whose names are taken', () => {
    const ephemeral = `with products as (select 'a;(' as "final" from t), final as (\n  -- final's (comment)\n  select products.final from products\n) select * from final`;
    const outer = 'with products as (select 1 as x), final as (select * from "eph") select * from final';
    const { sql, bodyOffset } = prependCtes(outer, [{ name: 'eph', sql: ephemeral }]);
    assert.equal(sql.slice(bodyOffset), `    ${outer.slice(4)}`);
    assert.equal(
      sql.slice(0, bodyOffset),
      [
        `with "eph__products" as (\nselect 'a;(' as "final" from t\n),`,
        `"eph__final" as (\n\n  -- final's (comment)\n  select "eph__products".final from "eph__products"\n\n),`,
        `"eph" as (\nselect * from "eph__final"\n),\n`,
      ].join('\n'),
    );
    // No WITH is left inside a CTE: each `with` keyword appears once, at the start.
    assert.equal(sql.match(/\bwith\b/gi)?.length, 1);
  });

  it('reads a seed: its header (with quoting), column_types, schema seeds, ref() to it', () => {
    const project = compileProject(
      memoryProject({ ...BASE, 'marts/dim.sql': "select * from {{ ref('regions') }}" }),
    );
    const seed = project.seeds[0];
    assert.equal(seed?.uniqueId, 'seed.regions');
    assert.equal(seed?.relation, '"seeds"."regions"');
    assert.deepEqual(seed?.columns, [
      { name: 'code', type: 'char(1)' },
      { name: 'name', type: 'text' },
    ]);
    const dim = project.models.find((m) => m.name === 'dim');
    assert.equal(dim?.compiledSql, 'select * from "seeds"."regions"');
    assert.deepEqual(dim?.dependsOn, ['seed.regions']);
  });

  it('reports seed, incremental and unit-test problems with file and line', () => {
    const problems = problemsOf({
      ...BASE,
      'seeds/regions.csv': 'code,bad-name\nn,North\n',
      'seeds/_seeds.yml':
        'seeds:\n  - name: regions\n    config: { column_types: { cod: text } }\n  - name: nothing\n',
      'marts/inc.sql':
        "{{ config(materialized='incremental', incremental_strategy='delete+insert') }}\nselect 1 as id",
      'marts/_unit.yml': [
        'unit_tests:',
        '  - name: t1',
        '    model: fct_ordrs',
        '    given: []',
        '    expect: { rows: [] }',
        '  - name: t2',
        '    model: fct_orders',
        '    given: []',
        '    expect: { rows: [{ id: 1 }] }',
      ].join('\n'),
    });
    assert.deepEqual(problems, [
      'sql/marts/_unit.yml:2: unit test "t1" tests model "fct_ordrs", which does not exist. Did you mean "fct_orders"?',
      'sql/marts/_unit.yml:6: unit test "t2": model fct_orders reads ref(\'base_orders\') but no given provides its rows',
      "sql/marts/inc.sql:1: incremental_strategy 'delete+insert' needs a unique_key to match new rows with existing ones",
      'sql/seeds/_seeds.yml:2: seed "regions": column "cod" is not in the header of sql/seeds/regions.csv (code, bad-name)',
      'sql/seeds/_seeds.yml:4: seed "nothing" is described here but seeds/nothing.csv does not exist',
      'sql/seeds/regions.csv:1: invalid column name (field 2 of the header) "bad-name": names must start with a letter or "_" and contain only letters, digits, "_" or "$"',
    ]);
  });

  it('compiles a unit test into the model’s SQL over typed fixture rows (declared types first)', () => {
    const project = compileProject(
      memoryProject({
        ...BASE,
        'staging/_unit.yml': [
          'unit_tests:',
          '  - name: converts_cents',
          '    model: stg_orders',
          '    given:',
          "      - input: source('raw', 'orders')",
          "        rows: [{ id: o1, amount: 1234, at: '2024-09-02' }, { id: o2, amount: null, at: null }]",
          '    expect:',
          '      rows: [{ id: o1, amount: 12.34 }, { id: o2, amount: null }]',
        ].join('\n'),
      }),
    );
    const test = project.unitTests[0];
    assert.equal(test?.uniqueId, 'unit_test.stg_orders.converts_cents');
    assert.deepEqual(test?.dependsOn, []);
    assert.deepEqual(test?.expectColumns, ['id', 'amount']);
    assert.equal(
      test?.compiledSql,
      [
        'select "id", "amount" from (',
        `with "__unit_given_1" as (`,
        `select cast('o1' as text) as "id", cast(1234 as integer) as "amount", cast('2024-09-02' as text) as "at"`,
        'union all',
        `select cast('o2' as text) as "id", cast(null as integer) as "amount", cast(null as text) as "at"`,
        ')',
        'select id, cast(amount / 100.0 as numeric(12, 2)) as amount, extract(isodow from at) as dow',
        'from "__unit_given_1"',
        ') as dbt_internal_unit_test_actual',
      ].join('\n'),
    );
  });
});
