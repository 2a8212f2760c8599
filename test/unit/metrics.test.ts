import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileMetricQuery, type MetricQuery } from '../../src/metrics/compile-metric-query';
import { readSemanticLayer } from '../../src/metrics/read-semantic-layer';
import { CompileError } from '../../src/models/compile-error';
import { PostgresDialect } from '../../src/warehouse/dialect';
import { RedshiftDialect } from '../../src/warehouse/redshift-dialect';

const FILE = 'sql/marts/_marts__semantic_models.yml';
const projectLayer = () =>
  readSemanticLayer([
    {
      file: FILE,
      path: 'marts/_marts__semantic_models.yml',
      text: readFileSync(resolve(__dirname, '../..', FILE), 'utf8'),
    },
  ]);
const relations = new Map(
  ['fct_orders', 'fct_order_items', 'dim_stores', 'dim_products', 'dim_customers'].map((name) => [
    name,
    `"marts"."${name}"`,
  ]),
);
const compile = (query: MetricQuery, dialect = new PostgresDialect()) =>
  compileMetricQuery(projectLayer(), query, { dialect, relations });
const problemsOf = (text: string) => {
  try {
    readSemanticLayer([{ file: 'm.yml', path: 'm.yml', text }]);
  } catch (error) {
    if (error instanceof CompileError) return error.problems.map((p) => `${p.file}:${p.line}: ${p.problem}`);
    throw error;
  }
  return [];
};

describe('metrics layer: reading the YAML and compiling queries (no database)', () => {
  it('reads the semantic models and metrics the project declares', () => {
    const layer = projectLayer();
    assert.deepEqual(
      layer.semanticModels.map((model) => model.name),
      ['orders', 'order_items', 'stores', 'products', 'customers'],
    );
    const types = new Set(layer.metrics.map((metric) => metric.type));
    assert.deepEqual([...types].sort(), ['cumulative', 'derived', 'ratio', 'simple']);
  });

  it('names the file and line of each mistake: an unknown measure, a bad agg, a missing ref, a cycle', () => {
    const problems = problemsOf(`semantic_models:
  - name: orders
    model: fct_orders
    measures:
      - { name: revenue, agg: total }
metrics:
  - name: sales
    type: simple
    type_params: { measure: revenu }
  - name: a
    type: derived
    type_params: { expr: b + 1, metrics: [b] }
  - name: b
    type: derived
    type_params: { expr: a + 1, metrics: [a] }
`);
    assert.equal(problems.length, 5, problems.join('\n'));
    assert.match(problems[0] ?? '', /^m\.yml:3: semantic model "orders" needs model: ref/);
    assert.match(problems[1] ?? '', /^m\.yml:5: measure "revenue" has agg: "total"/);
    assert.match(problems.join('\n'), /m\.yml:7: metric "sales" uses measure "revenu"/);
    assert.match(problems.join('\n'), /m\.yml:10: metric "a" depends on itself: a → b → a/);
  });

  it('refuses an unknown metric with the closest name, an unreachable dimension and an unknown order column', () => {
    assert.throws(
      () => compile({ metrics: ['revenu'] }),
      /Unknown metric "revenu"\. Did you mean "revenue"\?/,
    );
    assert.throws(
      () => compile({ metrics: ['repeat_customers'], groupBy: ['store__store_name'] }),
      /"store__store_name" is not reachable from semantic model "customers"/,
    );
    assert.throws(() => compile({ metrics: ['revenue'], orderBy: ['-profit'] }), /Cannot order by "profit"/);
    assert.throws(
      () => compile({ metrics: ['revenue_mtd'], groupBy: ['store__store_name'] }),
      /needs metric_time__<grain> in --group-by/,
    );
    assert.throws(
      () => compile({ metrics: ['revenue'], groupBy: ['store__store_name__month'] }),
      /store_name is not a time dimension/,
    );
  });

  it('says which entity path to take when a bare dimension name is ambiguous', () => {
    const layer = readSemanticLayer([
      {
        file: 'm.yml',
        path: 'm.yml',
        text: `semantic_models:
  - name: trips
    model: ref('fct_trips')
    entities: [{ name: pickup, type: foreign, expr: pickup_id }, { name: dropoff, type: foreign, expr: dropoff_id }]
    measures: [{ name: trips, agg: count, expr: "1" }]
  - name: places
    model: ref('dim_places')
    entities: [{ name: pickup, type: primary, expr: place_id }]
    dimensions: [{ name: city, type: categorical }]
  - name: places_again
    model: ref('dim_places')
    entities: [{ name: dropoff, type: primary, expr: place_id }]
    dimensions: [{ name: city, type: categorical }]
metrics:
  - { name: trips, type: simple, type_params: { measure: trips } }
`,
      },
    ]);
    const options = {
      dialect: new PostgresDialect(),
      relations: new Map([
        ['fct_trips', '"marts"."fct_trips"'],
        ['dim_places', '"marts"."dim_places"'],
      ]),
    };
    assert.throws(
      () => compileMetricQuery(layer, { metrics: ['trips'], groupBy: ['city'] }, options),
      /"city" is ambiguous from semantic model "trips": say pickup__city or dropoff__city/,
    );
    const sql = compileMetricQuery(layer, { metrics: ['trips'], groupBy: ['dropoff__city'] }, options).sql;
    assert.match(
      sql,
      /left join \(select place_id as "c1", city as "c2" from "marts"\."dim_places"\) as "j_dropoff"/,
    );
  });

  it('compiles for Redshift: bounded decimals for ratios and averages, one WITH and no nested ones', () => {
    const query: MetricQuery = {
      metrics: ['avg_order_value', 'food_share', 'revenue_trailing_7d'],
      groupBy: ['store__region', 'metric_time__week'],
    };
    const redshift = compile(query, new RedshiftDialect()).sql;
    const postgres = compile(query).sql;
    assert.equal(redshift.match(/\bwith\b/gi)?.length, 1);
    assert.match(redshift, /cast\("m1" as numeric\(18,10\)\)/);
    assert.doesNotMatch(redshift, /as numeric\)/, 'a bare numeric is numeric(18,0) on Redshift');
    assert.match(postgres, /cast\("m1" as numeric\)/);
    assert.match(redshift, /interval '7 day'/);
    assert.equal(
      redshift.replace(/numeric\(18,10\)/g, 'numeric'),
      postgres,
      'the only difference is the decimal type',
    );
  });
});
