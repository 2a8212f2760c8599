import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompileError } from '../../src/models/compile-error';
import { type CompileOptions, compileProject } from '../../src/models/compile-project';
import type { CompiledProject } from '../../src/models/compiled-project';
import { discoverProject } from '../../src/models/discover-project';
import { RedshiftDialect } from '../../src/warehouse/redshift-dialect';

const FIXTURE = join(__dirname, '..', 'fixtures', 'dbt', 'cafe_dbt');
const ENV = { CAFE_DBT_REGION: 'west' };

/** The fixture dbt project, copied to a temporary folder with some files replaced (null: removed). */
async function compileFixture(
  changes: Record<string, string | null> = {},
  options: CompileOptions = {},
): Promise<CompiledProject> {
  const dir = mkdtempSync(join(tmpdir(), 'cafe-dbt-'));
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    for (const [path, text] of Object.entries(changes)) {
      if (text === null) unlinkSync(join(dir, path));
      else writeFileSync(join(dir, path), text);
    }
    return compileProject(await discoverProject(dir, { displayRoot: dir }), { env: ENV, ...options });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function problemsOf(changes: Record<string, string | null>): Promise<string[]> {
  try {
    await compileFixture(changes);
  } catch (error) {
    assert.ok(error instanceof CompileError, String(error));
    return error.problems.map((p) => `${p.file}:${p.line}: ${p.problem} | ${p.fix}`);
  }
  assert.fail('expected compile problems');
}

const sqlOf = (project: CompiledProject, name: string) =>
  project.models.find((model) => model.name === name)?.compiledSql ?? assert.fail(`no model ${name}`);

describe('dbt projects: dbt_project.yml, schemas, Jinja, dbt macros and packages', () => {
  it('reads dbt_project.yml: paths, folder configs nested under the project name, vars, enabled from var()', async () => {
    const project = await compileFixture();
    assert.equal(project.name, 'cafe_dbt');
    assert.deepEqual(
      project.models.map((m) => [m.name, m.materialized]),
      [
        ['all_places', 'table'],
        ['date_dimension', 'table'],
        ['orders', 'table'],
        ['orders_by_day', 'table'],
        ['spend_by_location', 'table'],
        ['stg_orders', 'view'],
        ['stg_stores', 'view'],
        ['store_profile', 'table'],
        ['time_spine', 'view'],
      ],
    );
    // seeds/samples is disabled by "{{ var('load_samples', false) }}" (a var scoped to the project).
    assert.deepEqual(
      project.seeds.map((s) => s.name),
      ['raw_orders', 'raw_stores'],
    );
    assert.deepEqual(
      project.analyses.map((a) => a.name),
      ['orders_per_store'],
    );
    assert.ok(project.tests.some((t) => t.name === 'assert_tax_not_above_subtotal'));
    assert.match(sqlOf(project, 'stg_orders'), /subtotal_cents \+ tax_cents >= 1000 as is_big_order/);
  });

  it('notes the dbt keys it does not implement, one line each, instead of failing', async () => {
    const notes = (await compileFixture()).notes ?? [];
    // semantic_models and metrics are read by the metrics layer (src/metrics): no note for them.
    for (const key of ['saved_queries', 'exposures', 'groups']) {
      assert.ok(
        notes.some((note) => note.includes(`_marts.yml`) && note.includes(`${key} are not implemented`)),
        `${key}: ${notes.join('\n')}`,
      );
    }
    assert.ok(notes.some((note) => /dbt_project\.yml:\d+: "on-run-end" is not implemented/.test(note)));
    assert.ok(!notes.some((note) => /semantic_models|metrics are/.test(note)), notes.join('\n'));
  });

  it("names schemas with the project's generate_schema_name and the target", async () => {
    const dev = await compileFixture();
    const schemas = (project: CompiledProject) =>
      Object.fromEntries([...project.models, ...project.seeds].map((node) => [node.name, node.schema]));
    assert.deepEqual(schemas(dev), {
      all_places: 'analytics',
      date_dimension: 'analytics',
      spend_by_location: 'analytics',
      store_profile: 'analytics',
      orders: 'analytics',
      orders_by_day: 'analytics',
      stg_orders: 'analytics',
      stg_stores: 'analytics',
      time_spine: 'analytics',
      raw_orders: 'analytics_reference',
      raw_stores: 'analytics_reference',
    });
    const prod = await compileFixture({}, { target: { name: 'prod', schema: 'cafe' } });
    assert.equal(schemas(prod).orders, 'cafe_marts');
    assert.equal(schemas(prod).stg_orders, 'cafe');
    assert.match(sqlOf(prod, 'stg_orders'), /'prod' as target_name/);
    assert.match(sqlOf(prod, 'stg_orders'), /'cafe\.stg_orders' as built_as/);
    assert.match(sqlOf(prod, 'stg_orders'), /from "cafe_reference"\."raw_orders"/);
    // Without the project's macro, dbt's default: <target schema>_<custom schema>.
    const builtin = await compileFixture({ 'macros/generate_schema_name.sql': null });
    assert.equal(schemas(builtin).orders, 'analytics_marts');
    assert.equal(schemas(builtin).stg_orders, 'analytics');
  });

  it('runs Jinja as dbt does: dispatch, return() of a list, do, namespace, loop, env_var, var', async () => {
    const project = await compileFixture();
    const stg = sqlOf(project, 'stg_orders');
    // adapter.dispatch picks postgres__cents_to_dollars (numeric division), not the integer-dividing default__.
    assert.match(stg, /\(subtotal_cents::numeric\(16, 2\) \/ 100\) as subtotal,/);
    assert.match(stg, /'west' as region/);
    assert.match(sqlOf(project, 'stg_stores'), /'x_a1,x_b2,x_c3' as labels/);
    // dbt-redshift dispatches redshift__, then postgres__, then default__.
    const redshift = await compileFixture({}, { dialect: new RedshiftDialect() });
    assert.match(sqlOf(redshift, 'stg_orders'), /\(subtotal_cents::numeric\(16, 2\) \/ 100\) as subtotal,/);
    const defaultOnly = await compileFixture({
      'macros/money.sql':
        "{% macro cents_to_dollars(c) %}{{ return(adapter.dispatch('cents_to_dollars')(c)) }}{% endmacro %}\n{% macro default__cents_to_dollars(c) %}({{ c }} / 100)::numeric(16, 2){% endmacro %}\n{% macro column_list(p) %}{{ return([p ~ 'a']) }}{% endmacro %}",
    });
    assert.match(
      sqlOf(defaultOnly, 'stg_orders'),
      /\(subtotal_cents \/ 100\)::numeric\(16, 2\) as subtotal,/,
    );
  });

  it('spells dbt.* and the built-in dbt_utils / dbt_date macros per engine', async () => {
    const postgres = await compileFixture();
    const redshift = await compileFixture({}, { dialect: new RedshiftDialect() });
    const pg = sqlOf(postgres, 'stg_orders');
    assert.match(
      pg,
      /md5\(cast\(coalesce\(cast\(id as text\), '_dbt_utils_surrogate_key_null_'\) \|\| '-' \|\| coalesce\(cast\(store_id as text\), '_dbt_utils_surrogate_key_null_'\) as text\)\) as order_key/,
    );
    assert.match(pg, /ordered_at \+ \(\(interval '1 day'\) \* \(7\)\) as week_later/);
    assert.match(pg, /\(\(ordered_at\)::date - \('2024-01-01'\)::date\) as days_since_new_year/);
    assert.match(pg, /cast\(extract\(isodow from ordered_at\) as integer\) as iso_day_of_week/);
    const rs = sqlOf(redshift, 'stg_orders');
    assert.match(rs, /dateadd\(day, 7, ordered_at\) as week_later/);
    assert.match(rs, /datediff\(day, '2024-01-01', ordered_at\) as days_since_new_year/);
    assert.match(rs, /cast\(id as varchar\(max\)\)/);
    assert.match(sqlOf(postgres, 'time_spine'), /generate_series\(0, /);
    // Redshift runs generate_series on the leader node only: the spine is a cross join of digits.
    assert.doesNotMatch(sqlOf(redshift, 'time_spine'), /generate_series/);
    assert.match(sqlOf(redshift, 'stg_stores'), /len\(\s*name\s*\) as name_length/);
  });

  it('compiles dbt_utils generic tests and both tests: and data_tests:', async () => {
    const project = await compileFixture();
    const names = project.tests.map((t) => t.name);
    for (const name of [
      'unique_stg_orders_order_id',
      'not_null_stg_orders_order_id',
      'dbt_utils_expression_is_true_stg_orders__order_total_subtotal_tax_paid',
      'dbt_utils_accepted_range_stg_orders_subtotal__0',
      'dbt_utils_unique_combination_of_columns_stg_orders__order_id__location_id',
      'dbt_utils_not_constant_stg_stores_location_id',
      'dbt_utils_at_least_one_stg_stores_location_id',
      'dbt_utils_equal_rowcount_orders__ref_stg_orders',
    ]) {
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    }
    const where = project.tests.find((t) => t.name.startsWith('dbt_utils_relationships_where'));
    assert.ok(where);
    assert.deepEqual(where.dependsOn, ['model.orders', 'model.stg_orders']);
  });

  it("types a unit test's given rows by the input relation, which it then depends on (PostgreSQL)", async () => {
    const [unit] = (await compileFixture()).unitTests;
    assert.ok(unit);
    assert.match(unit.compiledSql, /json_populate_recordset\(null::"analytics_reference"\."raw_orders", '\[/);
    assert.deepEqual(unit.dependsOn, ['seed.raw_orders']);
  });

  it('reports a package macro it does not provide with file, line, package and what it provides', async () => {
    const problems = await problemsOf({
      'models/staging/stg_stores.sql':
        "select 1 as x\nfrom {{ ref('raw_stores') }}\n{{ dbt_utils.haversine_distance(1, 2, 3, 4) }}\n",
    });
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(
      problems[0] ?? '',
      /^models\/staging\/stg_stores\.sql:3: .*dbt_utils\.haversine_distance is not provided/,
    );
    assert.match(problems[0] ?? '', /packages\.yml names dbt_utils/);
    assert.match(
      problems[0] ?? '',
      /Provided: date_spine, generate_surrogate_key, get_column_values, pivot, star, union_relations\./,
    );
  });

  it('reports raise_compiler_error, a missing var and an unknown dbt_project.yml key with their place', async () => {
    const problems = await problemsOf({
      'models/marts/time_spine.sql':
        "select 1 as date_day\n{% if target.name == 'dev' %}\n{{ exceptions.raise_compiler_error('not in dev') }}\n{% endif %}\n",
      'analyses/orders_per_store.sql': "select {{ var('missing_var') }} as x\nfrom {{ ref('orders') }}\n",
    });
    assert.ok(
      problems.some((p) => /^models\/marts\/time_spine\.sql:3: .*raise_compiler_error: not in dev/.test(p)),
    );
    assert.ok(
      problems.some((p) =>
        /^analyses\/orders_per_store\.sql:1: .*Required var 'missing_var' not found/.test(p),
      ),
    );
    const typo = await problemsOf({
      'dbt_project.yml': "name: cafe_dbt\nmodel-path: ['models']\n",
    });
    assert.ok(
      typo.some((p) => p.startsWith('dbt_project.yml:2: unknown key "model-path" in dbt_project.yml')),
    );
    // Seeds set no schema here: the project's macro trims a none, which fails, named at the macro.
    assert.ok(
      typo.some((p) =>
        p.startsWith('macros/generate_schema_name.sql:2: generate_schema_name failed for the seeds'),
      ),
      typo.join('\n'),
    );
  });
});
