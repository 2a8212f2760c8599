import { strict as assert } from 'node:assert';
import type { CompiledProject } from '../../src/models/compiled-project';
import { type QueryAnswer, type RuntimeSession, runtimeCompiler } from '../../src/models/dbt-runtime';
import { RedshiftDialect } from '../../src/warehouse/redshift-dialect';
import { compileCafeDbt as compileFixture, compiledSqlOf as sqlOf } from '../support/cafe-dbt';

/** Renders a model at run time with these answers: its SQL, the queries it asked, its problems. */
function renderWith(project: CompiledProject, name: string, answers: Record<string, QueryAnswer>) {
  const compile = runtimeCompiler(project) ?? assert.fail('no model is compiled at run time');
  const session: RuntimeSession = {
    answers: new Map(Object.entries(answers)),
    misses: [],
    statements: new Map(),
  };
  const { model, problems } = compile(`model.${name}`, session);
  return { sql: model?.compiledSql ?? '', asked: session.misses, problems };
}

describe('dbt run-time compilation (run_query, statement, introspection)', () => {
  it('marks the models that read execute or query the warehouse, and compiles them as dbt parses (execute false)', async () => {
    const project = await compileFixture();
    assert.deepEqual(
      project.models.filter((m) => m.compiledAtRunTime).map((m) => m.name),
      ['all_places', 'spend_by_location', 'store_profile'],
    );
    // At parse: star() is *, get_column_values() [] (so pivot nothing), union_relations ''.
    assert.match(
      sqlOf(project, 'store_profile'),
      /select\s+\*,\s+0 as orders_at_compile,\s+'' as busiest_location/,
    );
    assert.match(sqlOf(project, 'spend_by_location'), /as customer_id,\s+count\(\*\) as order_count/);
    assert.equal(sqlOf(project, 'all_places'), '');
  });

  it('asks its queries, then renders with their answers (PostgreSQL catalog)', async () => {
    const project = await compileFixture();
    const first = renderWith(project, 'spend_by_location', {});
    assert.deepEqual(first.asked, [
      'select location_id as value\nfrom "analytics"."stg_orders"\ngroup by location_id\norder by location_id',
    ]);
    const answered = renderWith(project, 'spend_by_location', {
      [first.asked[0] as string]: { fields: ['value'], rows: [{ value: 's1' }, { value: "o'hare" }] },
    });
    assert.deepEqual(answered.asked, []);
    assert.deepEqual(answered.problems, []);
    assert.match(
      answered.sql,
      /sum\(case when location_id = 's1' then subtotal else 0 end\) as "spent_at_s1",/,
    );
    assert.match(
      answered.sql,
      /sum\(case when location_id = 'o''hare' then subtotal else 0 end\) as "spent_at_o'hare",\s+count/,
    );

    const columns = renderWith(project, 'all_places', {}).asked;
    assert.deepEqual(columns, [
      "select column_name, data_type, character_maximum_length, numeric_precision, numeric_scale from information_schema.columns where table_schema = 'analytics' and table_name = 'stg_stores' order by ordinal_position",
      "select column_name, data_type, character_maximum_length, numeric_precision, numeric_scale from information_schema.columns where table_schema = 'analytics_reference' and table_name = 'raw_stores' order by ordinal_position",
    ]);
    const column = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
      column_name: name,
      data_type: type,
      ...extra,
    });
    const fields = [
      'column_name',
      'data_type',
      'character_maximum_length',
      'numeric_precision',
      'numeric_scale',
    ];
    const union = renderWith(project, 'all_places', {
      [columns[0] as string]: {
        fields,
        rows: [
          column('location_id', 'text'),
          column('tax_rate', 'numeric', { numeric_precision: 28, numeric_scale: 6 }),
        ],
      },
      [columns[1] as string]: {
        fields,
        rows: [column('ID', 'character varying', { character_maximum_length: 10 })],
      },
    });
    assert.equal(
      union.sql,
      [
        '(\n    select\n        cast(\'"analytics"."stg_stores"\' as text) as _dbt_source_relation,',
        '        cast("location_id" as text) as "location_id",',
        '        cast("tax_rate" as numeric(28,6)) as "tax_rate",',
        '        cast(null as character varying(10)) as "ID"',
        '    from "analytics"."stg_stores"\n)\n\nunion all\n\n(\n    select',
        '        cast(\'"analytics_reference"."raw_stores"\' as text) as _dbt_source_relation,',
        '        cast(null as text) as "location_id",',
        '        cast(null as numeric(28,6)) as "tax_rate",',
        '        cast("ID" as character varying(10)) as "ID"',
        '    from "analytics_reference"."raw_stores"\n)',
      ].join('\n'),
    );
  });

  it('reads the SVV_ catalog views on Redshift (late-binding views included)', async () => {
    const project = await compileFixture({}, { dialect: new RedshiftDialect() });
    // Answer every query with one row until the model asks nothing new (as the runner does).
    const answers: Record<string, QueryAnswer> = {};
    const asked: string[] = [];
    for (let round = 0; round < 10; round++) {
      const next = renderWith(project, 'store_profile', answers).asked;
      if (next.length === 0) break;
      for (const sql of next) answers[sql] = { fields: ['n'], rows: [{ n: 1 }] };
      asked.push(...next);
    }
    assert.ok(
      asked.includes(
        "select column_name, data_type, character_maximum_length, numeric_precision, numeric_scale from svv_columns where table_schema = 'analytics' and table_name = 'stg_stores' order by ordinal_position",
      ),
      asked.join('\n'),
    );
    assert.ok(
      asked.includes(
        "select table_schema, table_name, table_type from svv_tables where table_schema = 'analytics' and table_name = 'no_such_table'",
      ),
      asked.join('\n'),
    );
    assert.ok(asked.some((sql) => /^select count\(\*\) as n from "analytics"\."stg_orders"$/.test(sql)));
  });
});
