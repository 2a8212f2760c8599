import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CompileError } from '../../src/models/compile-error';
import { compileProject } from '../../src/models/compile-project';
import { compileSql } from '../../src/models/compile-sql';
import type { CompiledProject } from '../../src/models/compiled-project';
import { discoverProject } from '../../src/models/discover-project';
import { memoryProject } from '../fixtures/projects/memory-project';

const SHOP = join(__dirname, '..', 'fixtures', 'projects', 'shop');
const ROOT = join(__dirname, '..', '..');
const SHOP_FILE = 'test/fixtures/projects/shop';

const SOURCES = 'sources:\n  - name: raw\n    tables:\n      - name: orders\n      - name: customers\n';

function problemsOf(files: Record<string, string>): CompileError['problems'] {
  try {
    compileProject(memoryProject(files));
  } catch (error) {
    assert.ok(error instanceof CompileError, String(error));
    return error.problems;
  }
  assert.fail('compile should have failed');
}

describe('models: discover and compile', () => {
  let project: CompiledProject;
  before(async () => {
    project = compileProject(await discoverProject(SHOP, { displayRoot: ROOT }));
  });
  const model = (name: string) => {
    const found = project.models.find((m) => m.name === name);
    assert.ok(found, name);
    return found;
  };
  const test = (name: string) => {
    const found = project.tests.find((t) => t.name === name);
    assert.ok(found, `${name} in ${project.tests.map((t) => t.name).join(', ')}`);
    return found;
  };

  it('discovers models, YAML, singular tests and analyses by folder', async () => {
    const files = await discoverProject(SHOP, { displayRoot: ROOT });
    assert.equal(files.projectFile?.path, 'project.yml');
    assert.deepEqual(
      files.modelFiles.map((f) => f.file),
      [
        `${SHOP_FILE}/marts/customer_orders.sql`,
        `${SHOP_FILE}/staging/stg_customers.sql`,
        `${SHOP_FILE}/staging/stg_orders.sql`,
      ],
    );
    assert.deepEqual(
      files.yamlFiles.map((f) => f.path),
      ['marts/_marts.yml', 'sources.yml', 'staging/_staging.yml'],
    );
    assert.deepEqual(
      files.testFiles.map((f) => f.path),
      ['tests/assert_positive_amounts.sql'],
    );
    assert.deepEqual(
      files.analysisFiles.map((f) => f.path),
      ['analysis/top_customers.sql'],
    );
  });

  it('names the project and resolves ref/source into quoted relations and dependencies', () => {
    assert.equal(project.name, 'shop');
    assert.deepEqual(
      project.models.map((m) => [m.uniqueId, m.relation, m.dependsOn]),
      [
        [
          'model.customer_orders',
          '"reporting"."customer_orders"',
          ['model.stg_customers', 'model.stg_orders'],
        ],
        ['model.stg_customers', '"staging"."stg_customers"', ['source.raw.customers']],
        ['model.stg_orders', '"staging"."stg_orders"', ['source.raw.orders']],
      ],
    );
    assert.deepEqual(
      project.sources.map((s) => [s.uniqueId, s.relation]),
      [
        ['source.raw.customers', '"raw"."customers"'],
        ['source.raw.orders', '"raw"."orders"'],
      ],
    );
  });

  it('resolves config: folder < model YAML < config() in the .sql file; tags add up', () => {
    // folder: view/staging; YAML: table + tags [orders]; the file: view + tags [daily]
    assert.deepEqual(
      [model('stg_orders').materialized, model('stg_orders').schema, model('stg_orders').tags],
      ['view', 'staging', ['daily', 'orders']],
    );
    // folder: table/marts/[nightly]; YAML: schema reporting
    assert.deepEqual(
      [model('customer_orders').materialized, model('customer_orders').schema, model('customer_orders').tags],
      ['table', 'reporting', ['nightly']],
    );
    assert.equal(model('customer_orders').layer, 'marts');
    assert.equal(model('customer_orders').description, 'Orders and amount per customer.');
    assert.deepEqual(model('stg_customers').columns, [
      { name: 'customer_id', description: 'Primary key.' },
      { name: 'customer_name' },
    ]);
  });

  it('compiles a model to golden SQL, keeping the file line for line', () => {
    assert.equal(
      model('stg_orders').compiledSql,
      '\nselect\n    id as order_id,\n    customer_id,\n    status,\n    amount\nfrom "raw"."orders"',
    );
    const stgOrders = model('stg_orders');
    assert.equal(stgOrders.compiledSql.split('\n').length, stgOrders.rawSql.trimEnd().split('\n').length);
    assert.equal(stgOrders.preservesLines, true);
    assert.equal(stgOrders.compiledSql.split('\n')[6], 'from "raw"."orders"');
    assert.match(stgOrders.rawSql.split('\n')[6] as string, /^from \{\{ source\('raw', 'orders'\) \}\}$/);
    const customerOrders = model('customer_orders').compiledSql;
    assert.match(
      customerOrders,
      /^with\n\ncustomers as \(\n {4}select \* from "staging"\."stg_customers"\n\),/,
    );
    assert.match(customerOrders, /select \* from "staging"\."stg_orders"/);
  });

  it('compiles generic tests into SELECTs of failing rows, named as dbt names them', () => {
    assert.deepEqual(project.tests.map((t) => t.uniqueId).sort(), [
      'test.accepted_values_stg_orders_status__placed__shipped',
      'test.assert_positive_amounts',
      'test.expression_is_true_customer_orders__total_amount_0',
      'test.not_null_customer_orders_customer_id',
      'test.not_null_stg_customers_customer_id',
      'test.not_null_stg_orders_order_id',
      'test.relationships_stg_orders_customer_id__customer_id__ref_stg_customers',
      'test.source_not_null_raw_customers_id',
      'test.unique_customer_orders_customer_id',
      'test.unique_stg_customers_customer_id',
      'test.unique_stg_orders_order_id',
    ]);
    assert.equal(
      test('unique_stg_orders_order_id').compiledSql,
      'select\n    "order_id" as unique_field,\n    count(*) as n_records\nfrom "staging"."stg_orders"\nwhere "order_id" is not null\ngroup by "order_id"\nhaving count(*) > 1',
    );
    assert.equal(
      test('not_null_customer_orders_customer_id').compiledSql,
      'select *\nfrom (select * from "reporting"."customer_orders" where order_count > 0) as dbt_subquery\nwhere "customer_id" is null',
    );
    assert.equal(
      test('accepted_values_stg_orders_status__placed__shipped').compiledSql,
      `with all_values as (\n    select\n        "status" as value_field,\n        count(*) as n_records\n    from "staging"."stg_orders"\n    group by "status"\n)\nselect *\nfrom all_values\nwhere value_field not in ('placed', 'shipped')`,
    );
    const relationships = test('relationships_stg_orders_customer_id__customer_id__ref_stg_customers');
    assert.match(relationships.compiledSql, /from "staging"\."stg_customers"/);
    assert.deepEqual(relationships.dependsOn, ['model.stg_customers', 'model.stg_orders']);
    assert.equal(
      test('expression_is_true_customer_orders__total_amount_0').compiledSql,
      'select *\nfrom "reporting"."customer_orders"\nwhere not (total_amount >= 0)',
    );
    assert.equal(
      test('source_not_null_raw_customers_id').compiledSql,
      'select *\nfrom "raw"."customers"\nwhere "id" is null',
    );
  });

  it('records each test with its severity, attachment, file and line', () => {
    const warn = test('accepted_values_stg_orders_status__placed__shipped');
    assert.deepEqual(
      [warn.severity, warn.attachedTo, warn.file, warn.line, warn.columnName],
      ['warn', 'model.stg_orders', `${SHOP_FILE}/staging/_staging.yml`, 21, 'status'],
    );
    assert.deepEqual(warn.kwargs, { values: ['placed', 'shipped'], column_name: 'status' });
    const singular = test('assert_positive_amounts');
    assert.deepEqual(
      [singular.testType, singular.attachedTo, singular.dependsOn],
      ['singular', 'model.stg_orders', ['model.stg_orders']],
    );
    assert.equal(singular.compiledSql.split('\n')[2], 'from "staging"."stg_orders"');
    assert.equal(test('source_not_null_raw_customers_id').attachedTo, 'source.raw.customers');
  });

  it('compiles analyses without materializing them', () => {
    assert.deepEqual(
      project.analyses.map((a) => [a.uniqueId, a.dependsOn]),
      [['analysis.top_customers', ['model.customer_orders']]],
    );
    assert.match(project.analyses[0]?.compiledSql as string, /from "reporting"\."customer_orders"/);
  });

  it('compileSql compiles an ad hoc query against the project, with located errors', () => {
    const compiled = compileSql(
      project,
      "select count(*) from {{ ref('stg_orders') }} join {{ source('raw', 'customers') }} on true",
    );
    assert.equal(compiled.sql, 'select count(*) from "staging"."stg_orders" join "raw"."customers" on true');
    assert.deepEqual(compiled.dependsOn, ['model.stg_orders', 'source.raw.customers']);
    assert.throws(
      () => compileSql(project, "select 1\nfrom {{ ref('stg_order') }}", { file: 'kpi.sql' }),
      (error: unknown) => {
        assert.ok(error instanceof CompileError);
        assert.deepEqual(
          error.problems.map((p) => [p.file, p.line]),
          [['kpi.sql', 2]],
        );
        assert.match(error.message, /Did you mean "stg_orders"\?/);
        return true;
      },
    );
  });
});

describe('models: the repository’s sql/ project', () => {
  it('compiles without problems, every model and test resolved', async () => {
    const project = compileProject(await discoverProject(join(ROOT, 'sql'), { displayRoot: ROOT }));
    // Every .sql file of the model folders is a model, found by listing the folders here.
    const modelFiles = ['staging', 'intermediate', 'marts'].flatMap((folder) =>
      readdirSync(join(ROOT, 'sql', folder))
        .filter((file) => file.endsWith('.sql'))
        .map((file) => file.replace(/\.sql$/, '')),
    );
    assert.deepEqual(project.models.map((model) => model.name).sort(), modelFiles.sort());
    assert.ok(project.tests.length > 0);
    const known = new Set(
      [...project.models, ...project.seeds, ...project.sources].map((node) => node.uniqueId),
    );
    assert.deepEqual(
      project.seeds.map((seed) => seed.name),
      ['product_categories', 'store_regions'],
    );
    assert.equal(project.unitTests.length, 4);
    for (const node of [...project.models, ...project.tests, ...project.analyses]) {
      for (const parent of node.dependsOn) assert.ok(known.has(parent), `${node.uniqueId} reads ${parent}`);
      assert.doesNotMatch(node.compiledSql, /\{\{|\{%/, `${node.uniqueId} is fully rendered`);
    }
    for (const model of project.models) assert.equal(model.preservesLines, true, model.file);
  });
});

describe('models: templates', () => {
  it('uses a model schema set by config() in its own file for every ref to it (two passes)', () => {
    const project = compileProject(
      memoryProject({
        'sources.yml': SOURCES,
        'staging/a.sql': "{{ config(schema='elsewhere') }}\nselect * from {{ source('raw', 'orders') }}",
        'marts/b.sql': "select * from {{ ref('a') }} -- {{ ref('a').schema }}.{{ ref('a').name }} {{ this }}",
      }),
    );
    assert.equal(
      project.models.find((m) => m.name === 'b')?.compiledSql,
      'select * from "elsewhere"."a" -- elsewhere.a "marts"."b"',
    );
  });

  it('records refs made in loops and macros, with the line of the call', () => {
    const problems = problemsOf({
      'staging/a.sql': 'select 1 as x',
      'marts/b.sql':
        "{% for name in ['a', 'zz'] %}\nselect * from {{ ref(name) }}\n{% endfor %}\n{% macro m(x) %}{{ ref(x) }}{% endmacro %}\n{{ m('yy') }}",
    });
    assert.deepEqual(
      problems.map((p) => [p.line, p.problem]),
      [
        [2, "ref('zz') names no model."],
        [4, "ref('yy') names no model."],
      ],
    );
  });

  it('reports an unknown function, an undefined value and a bad ref() call with their lines', () => {
    const problems = problemsOf({
      'staging/a.sql': "select 1\nfrom {{ reff('b') }}",
      'staging/b.sql': 'select 1\n\nwhere {{ nothing_here }}',
      'staging/c.sql': "select 1\nfrom {{ ref('a', 'b') }}",
    });
    assert.deepEqual(
      problems.map((p) => [p.file, p.line, p.problem]),
      [
        ['sql/staging/a.sql', 2, 'unknown function reff(). Did you mean "ref"?'],
        ['sql/staging/b.sql', 3, 'a {{ … }} expression is undefined'],
        ['sql/staging/c.sql', 2, 'ref() takes one model name, got "a", "b"'],
      ],
    );
  });

  it('reports invalid YAML with its line and column', () => {
    const located = (yaml: string) =>
      problemsOf({ 'staging/a.sql': 'select 1', 'staging/_a.yml': yaml }).map((p) => [
        p.file,
        p.line,
        p.column,
        p.problem.split(' at line')[0],
      ]);
    // An unclosed '[' is found where the ']' was due: the end of the file (line 4, column 1).
    assert.deepEqual(located('models:\n  - name: a\n    columns: [\n'), [
      [
        'sql/staging/_a.yml',
        4,
        1,
        'invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
    ]);
    // A duplicated key mid-file is reported on its own line, not the file's last.
    assert.deepEqual(located('models:\n  - name: a\n    name: b\n  - name: c\n'), [
      ['sql/staging/_a.yml', 3, 5, 'invalid YAML: Map keys must be unique'],
    ]);
  });

  it('refuses config keys, materializations and test arguments it does not know, with did-you-mean', () => {
    const problems = problemsOf({
      'staging/a.sql': "{{ config(materialized='tabel') }}\nselect 1 as id",
      'staging/_a.yml':
        'models:\n  - name: a\n    config: { tag: [x] }\n    columns:\n      - name: id\n        data_tests:\n          - relationships: { to: "ref(\'a\')" }\n          - not_null: { severity: fatal }\n',
    });
    assert.deepEqual(
      problems.map((p) => [p.file, p.line, p.problem]),
      [
        ['sql/staging/_a.yml', 3, 'model "a": unknown model config "tag". Did you mean "tags"?'],
        ['sql/staging/_a.yml', 7, 'test "relationships": the argument "field" is missing'],
        ['sql/staging/_a.yml', 8, 'test "not_null": severity must be error or warn, got "fatal"'],
        [
          'sql/staging/a.sql',
          1,
          'materialized must be view, table, incremental, ephemeral, got "tabel". Did you mean "table"?',
        ],
      ],
    );
  });
});
