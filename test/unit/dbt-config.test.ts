import { strict as assert } from 'node:assert';
import { parseVarsOption, UsageError } from '../../src/cli/options';
import { cafeDbtProblems, compileCafeDbt, compiledSqlOf } from '../support/cafe-dbt';

describe('dbt config in SQL, alias, --vars and namespace assignment', () => {
  it("reads config() in a model's SQL: alias, materialized, schema, tags, enabled", async () => {
    const project = await compileCafeDbt();
    const daily = project.models.find((m) => m.name === 'orders_by_day');
    assert.ok(daily);
    assert.deepEqual(
      { relation: daily.relation, alias: daily.alias, materialized: daily.materialized, tags: daily.tags },
      {
        relation: '"analytics"."daily_orders"',
        alias: 'daily_orders',
        materialized: 'table',
        tags: ['daily'],
      },
    );
    // schema='marts' goes through the project's generate_schema_name: suffixed in prod only.
    const prod = await compileCafeDbt({}, { target: { name: 'prod', schema: 'cafe' } });
    assert.equal(
      prod.models.find((m) => m.name === 'orders_by_day')?.relation,
      '"cafe_marts"."daily_orders"',
    );
    // config(enabled=false) in stg_retired.sql: the model is left out.
    assert.ok(!project.models.some((m) => m.name === 'stg_retired'));
  });

  it('answers config.get with the config() calls, then YAML and dbt_project.yml, else the default', async () => {
    const sql = compiledSqlOf(await compileCafeDbt(), 'orders_by_day');
    assert.match(sql, /'table' as materialized_as,/);
    assert.match(sql, /'nobody' as owner,/);
    assert.match(sql, /'daily_orders' as built_as/);
    const view = await compileCafeDbt({
      'models/marts/orders_by_day.sql':
        "select '{{ config.get('materialized') }}' as m, '{{ config.require('schema') }}' as s",
    });
    // No config() call: the folder's +materialized and +schema of dbt_project.yml.
    assert.match(compiledSqlOf(view, 'orders_by_day'), /select 'table' as m, 'marts' as s/);
    const missing = await cafeDbtProblems({
      'models/marts/orders_by_day.sql': "select 1 as x\n{{ config.require('unique_key') }}",
    });
    assert.ok(
      missing.some((p) =>
        /^models\/marts\/orders_by_day\.sql:2: .*config\.require\('unique_key'\): the model sets no unique_key/.test(
          p,
        ),
      ),
      missing.join('\n'),
    );
  });

  it('rewrites {% set ns.x = … %} so nunjucks runs it, keeping the lines of errors', async () => {
    assert.match(compiledSqlOf(await compileCafeDbt(), 'orders_by_day'), /order_total \* 100 >= 600 then/);
    const broken = await cafeDbtProblems({
      'models/marts/orders_by_day.sql':
        '{% set ns = namespace(x=1) %}\n{% set ns.x = ns.x + %}\nselect 1 as x',
    });
    assert.ok(
      broken.some((p) => p.startsWith('models/marts/orders_by_day.sql:2: template syntax error')),
      broken.join('\n'),
    );
  });

  it('takes --vars over the vars of dbt_project.yml', async () => {
    const project = await compileCafeDbt({}, { vars: { small_order_cents: 1000, big_order_cents: 2000 } });
    assert.match(compiledSqlOf(project, 'orders_by_day'), /order_total \* 100 >= 1100 then/);
    assert.match(compiledSqlOf(project, 'stg_orders'), /subtotal_cents \+ tax_cents >= 2000 as is_big_order/);
  });

  it('reads --vars as YAML or JSON, and refuses what is not a mapping', () => {
    assert.deepEqual(parseVarsOption('{small_order_cents: 1000, region: west}'), {
      small_order_cents: 1000,
      region: 'west',
    });
    assert.deepEqual(parseVarsOption('{"a": [1, 2]}'), { a: [1, 2] });
    assert.throws(
      () => parseVarsOption('[1, 2]'),
      (error: Error) =>
        error instanceof UsageError && /--vars must be a mapping, got \[1,2\]/.test(error.message),
    );
    assert.throws(
      () => parseVarsOption('{a: 1'),
      (error: Error) => error instanceof UsageError && /--vars is not valid YAML or JSON/.test(error.message),
    );
  });

  it('reports a ref() to a model disabled by its config(), and two models built as one relation', async () => {
    const problems = await cafeDbtProblems({
      'models/marts/retired_report.sql': "select count(*) as n\nfrom {{ ref('stg_retired') }}",
      'models/marts/other_daily.sql': "{{ config(alias='daily_orders') }}\nselect 1 as x",
    });
    assert.ok(
      problems.some((p) =>
        /^models\/marts\/retired_report\.sql:2: ref\('stg_retired'\) names a disabled model/.test(p),
      ),
      problems.join('\n'),
    );
    assert.ok(
      problems.some(
        (p) =>
          /^models\/marts\/other_daily\.sql:1: models "orders_by_day" .* and "other_daily" are both built as "analytics"\."daily_orders"/.test(
            p,
          ) ||
          /^models\/marts\/orders_by_day\.sql:1: models "other_daily" .* and "orders_by_day" are both built as "analytics"\."daily_orders"/.test(
            p,
          ),
      ),
      problems.join('\n'),
    );
  });
});
