import { strict as assert } from 'node:assert';
import { cafeDbtProblems, compileCafeDbt, compiledSqlOf } from '../support/cafe-dbt';

const testSql = async (name: string) =>
  (await compileCafeDbt()).tests.find((t) => t.name === name)?.compiledSql ?? assert.fail(`no test ${name}`);

describe('dbt custom generic tests and packages installed in dbt_packages/', () => {
  it('compiles a {% test %} of tests/generic/ with model, column_name and its arguments (defaults too)', async () => {
    assert.equal(
      await testSql('is_positive_stg_orders_subtotal'),
      'select subtotal\nfrom "analytics"."stg_orders"\nwhere subtotal < 0 or subtotal = 0',
    );
    assert.equal(
      await testSql('is_positive_stg_orders_tax_paid__true'),
      'select tax_paid\nfrom "analytics"."stg_orders"\nwhere tax_paid < 0',
    );
  });

  it('compiles a model-level {% test %} written among the macros', async () => {
    assert.equal(
      await testSql('has_at_least_stg_orders__4'),
      'select n\nfrom (select count(*) as n from "analytics"."stg_orders") counted\nwhere n < 4',
    );
  });

  it("uses an installed package's macros (dispatch within it) and its generic tests as <package>.<test>", async () => {
    const project = await compileCafeDbt();
    assert.match(
      compiledSqlOf(project, 'orders_by_day'),
      /sum\(round\(order_total \* 100\)::bigint\) as total_cents/,
    );
    assert.equal(
      await testSql('cafe_checks_not_in_future_stg_orders_ordered_day'),
      'select ordered_day\nfrom "analytics"."stg_orders"\nwhere ordered_day > now()',
    );
  });

  it('prefers a macro of an installed copy over the built-in one of the same package', async () => {
    const project = await compileCafeDbt({
      'dbt_packages/dbt_utils/dbt_project.yml': 'name: dbt_utils\n',
      'dbt_packages/dbt_utils/macros/keys.sql':
        '{% macro generate_surrogate_key(field_list) %}md5({{ field_list | join(" || \'|\' || ") }}){% endmacro %}',
    });
    const sql = compiledSqlOf(project, 'stg_orders');
    assert.match(sql, /md5\(id \|\| '\|' \|\| store_id\) as order_key/);
    // The built-in macros the copy lacks still serve.
    assert.match(compiledSqlOf(project, 'time_spine'), /generate_series/);
  });

  it('names the file and line of a broken {% test %}, and lists custom tests among the known ones', async () => {
    const broken = await cafeDbtProblems({
      'tests/generic/is_positive.sql':
        '{% test is_positive(model, column_name) %}\nselect 1\n{% if %}\n{% endtest %}',
    });
    assert.ok(
      broken.some((p) => p.startsWith('tests/generic/is_positive.sql:3: macro file error')),
      broken.join('\n'),
    );
    const unknown = await cafeDbtProblems({
      'models/marts/_more.yml': 'version: 2\nmodels:\n  - name: orders\n    data_tests: [is_positiv]\n',
    });
    assert.ok(
      unknown.some((p) =>
        /^models\/marts\/_more\.yml:4: unknown test "is_positiv"\. Did you mean "is_positive"/.test(p),
      ),
      unknown.join('\n'),
    );
  });
});
