import { strict as assert } from 'node:assert';
import { compileProject } from '../../src/models/compile-project';
import { executePlan } from '../../src/runner/execute';
import { type PlanOptions, planBuild } from '../../src/runner/plan';
import type { NodeResult, RunResult } from '../../src/runner/run-result';
import { PostgresDialect } from '../../src/warehouse/dialect';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { memoryProject } from '../fixtures/projects/memory-project';
import { testWarehouse } from '../support/test-warehouse';

/** A small project with every materialization, a seed, macros, store_failures and unit tests. */
const FILES: Record<string, string> = {
  'project.yml':
    'name: features\nmodels:\n  staging: { schema: f_staging }\n  marts: { schema: f_marts, materialized: table }\nseeds: { schema: f_seeds }\ndata_tests: { schema: f_failures }\n',
  'sources.yml': 'sources:\n  - name: raw\n    schema: f_raw\n    tables: [{ name: events }]\n',
  'macros/money.sql':
    "{% macro cents_to_dollars(column) %}cast({{ column }} / 100.0 as numeric(12, 2)){% endmacro %}\n{% macro engine() %}'{{ target.type }}'{% endmacro %}\n",
  'seeds/kinds.csv': 'kind,label,weight\nclick,Click,1\nbuy,"Buy, now",10\n',
  'seeds/_seeds.yml':
    'seeds:\n  - name: kinds\n    config: { column_types: { weight: integer } }\n    columns:\n      - name: kind\n        data_tests: [unique]\n',
  'staging/stg_events.sql':
    "{{ config(materialized='ephemeral') }}\nselect id, kind, {{ cents_to_dollars('amount_cents') }} as amount, at, {{ engine() }} as engine\nfrom {{ source('raw', 'events') }}",
  'staging/_staging.yml':
    'models:\n  - name: stg_events\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
  'marts/fct_events.sql': [
    "{{ config(materialized='incremental', unique_key='id') }}",
    "with kinds as (select * from {{ ref('kinds') }})",
    'select e.id, e.kind, kinds.label, e.amount * kinds.weight as score, e.at, e.engine',
    "from {{ ref('stg_events') }} as e join kinds on kinds.kind = e.kind",
    '{% if is_incremental() %}where e.at > (select max(at) from {{ this }}){% endif %}',
  ].join('\n'),
  'marts/_marts.yml': [
    'models:',
    '  - name: fct_events',
    '    columns:',
    '      - name: score',
    '        data_tests:',
    '          - expression_is_true: { expression: "score < 1000", config: { store_failures: true } }',
    'unit_tests:',
    '  - name: scores_new_rows_only',
    '    model: fct_events',
    '    overrides: { macros: { is_incremental: true } }',
    '    given:',
    "      - input: ref('stg_events')",
    '        rows:',
    '          - { id: 1, kind: buy, amount: 2.50, at: 1, engine: x }',
    '          - { id: 2, kind: click, amount: 1.00, at: 5, engine: x }',
    "      - input: ref('kinds')",
    '        rows: [{ kind: buy, label: B, weight: 10 }, { kind: click, label: C, weight: 1 }]',
    '      - input: this',
    '        rows: [{ id: 1, at: 3 }]',
    '    expect:',
    '      rows: [{ id: 2, label: C, score: 1 }]',
  ].join('\n'),
};

/** A unit test whose expectation is wrong: it fails, and its model is skipped. */
const WRONG_UNIT_TEST = [
  '  - name: deliberately_wrong',
  '    model: fct_events',
  '    given:',
  "      - input: ref('stg_events')",
  '        rows: [{ id: 1, kind: buy, amount: 2.50, at: 1, engine: x }]',
  "      - input: ref('kinds')",
  '        rows: [{ kind: buy, label: B, weight: 10 }]',
  '    expect:',
  '      rows: [{ id: 1, score: 26 }]',
].join('\n');

const RAW = `
  drop schema if exists f_raw cascade; drop schema if exists f_marts cascade;
  drop schema if exists f_seeds cascade; drop schema if exists f_failures cascade;
  create schema f_raw;
  create table f_raw.events (id integer, kind text, amount_cents integer, at integer);
  insert into f_raw.events values (1, 'click', 100, 1), (2, 'buy', 250, 2);
`;

describe('runner: incremental, ephemeral, seeds, macros, store_failures, unit tests (local)', () => {
  let warehouse: Warehouse;
  before(async () => {
    warehouse = await testWarehouse();
  });
  after(() => warehouse?.close());
  beforeEach(() => warehouse.query(RAW));

  const build = (files: Record<string, string> = FILES, options: PlanOptions = {}) =>
    executePlan(warehouse, planBuild(compileProject(memoryProject(files)), warehouse.dialect, options));
  const result = (run: RunResult, name: string): NodeResult => {
    const found = run.results.find((r) => r.name === name);
    assert.ok(found, name);
    return found;
  };
  const facts = async () =>
    (await warehouse.query('select id, kind, label, score, at, engine from f_marts.fct_events order by id'))
      .rows;
  const unexpected = (run: RunResult) =>
    run.results.filter((r) => r.status !== 'success').map((r) => `${r.name} ${r.status}: ${r.message}`);

  it('loads a seed with INSERT … VALUES where COPY cannot read from the client (Redshift), as COPY would', async () => {
    /** PostgreSQL told to plan as Redshift does for seeds, so the INSERT path runs on a real server. */
    class InsertSeedsDialect extends PostgresDialect {
      override readonly supportsCopyFromStdin: boolean = false;
    }
    const files = {
      'project.yml': 'name: seeds_only\nseeds: { schema: f_seeds }\n',
      'seeds/notes.csv':
        'id,note,amount\r\n1,"it\'s, ""quoted""\nover two lines",1.25\r\n2,,\r\n3,"",-0.5\r\n',
      'seeds/_seeds.yml':
        'seeds:\n  - name: notes\n    config: { column_types: { id: integer, amount: numeric } }\n',
    };
    const dialect = new InsertSeedsDialect();
    const plan = planBuild(compileProject(memoryProject(files), { dialect }), dialect);
    const run = await executePlan(warehouse, plan);
    assert.deepEqual(unexpected(run), []);
    assert.match(result(run, 'notes').message, /\(3 rows\)/);
    assert.deepEqual((await warehouse.query('select id, note, amount from f_seeds.notes order by id')).rows, [
      { id: 1, note: 'it\'s, "quoted"\nover two lines', amount: '1.25' },
      { id: 2, note: null, amount: null },
      { id: 3, note: '', amount: '-0.5' },
    ]);
  });

  it('loads the seed with COPY, inlines the ephemeral model, builds the incremental table, then adds only new rows', async () => {
    const first = await build();
    assert.deepEqual(unexpected(first), []);
    assert.match(result(first, 'kinds').message, /loaded seed "f_seeds"."kinds" \(2 rows\)/);
    const seed = await warehouse.query(
      'select kind, label, weight, pg_typeof(weight)::text as type from f_seeds.kinds order by kind',
    );
    assert.deepEqual(seed.rows, [
      { kind: 'buy', label: 'Buy, now', weight: 10, type: 'integer' },
      { kind: 'click', label: 'Click', weight: 1, type: 'integer' },
    ]);
    assert.equal(
      first.results.some((r) => r.name === 'stg_events'),
      false,
      'an ephemeral model has no step',
    );
    const stagingView = await warehouse.query("select 1 from pg_class where relname = 'stg_events'");
    assert.equal(stagingView.rowCount, 0, 'nothing is built for the ephemeral model');
    assert.equal(
      result(first, 'not_null_stg_events_id').status,
      'success',
      'its test runs on the inlined SQL',
    );
    assert.deepEqual(await facts(), [
      { id: 1, kind: 'click', label: 'Click', score: '1.00', at: 1, engine: 'postgres' },
      { id: 2, kind: 'buy', label: 'Buy, now', score: '25.00', at: 2, engine: 'postgres' },
    ]);

    // New rows arrive (and an old one changes, which the incremental filter does not see).
    await warehouse.query(
      "insert into f_raw.events values (3, 'buy', 1000, 3), (4, 'click', 50, 4); update f_raw.events set amount_cents = 999 where id = 1",
    );
    const second = await build();
    assert.deepEqual(unexpected(second), []);
    assert.match(
      result(second, 'fct_events').message,
      /incremental "f_marts"."fct_events": 2 new or changed rows/,
    );
    assert.deepEqual(
      (await facts()).map((row) => [row.id, row.score]),
      [
        [1, '1.00'],
        [2, '25.00'],
        [3, '100.00'],
        [4, '0.50'],
      ],
    );

    // --full-refresh rebuilds the table whole, so the changed old row is picked up.
    const refreshed = await build(FILES, { fullRefresh: true });
    assert.deepEqual(unexpected(refreshed), []);
    assert.match(result(refreshed, 'fct_events').message, /created table "f_marts"."fct_events" \(4 rows\)/);
    assert.deepEqual(
      (await facts()).map((row) => row.score),
      ['9.99', '25.00', '100.00', '0.50'],
    );
  });

  it('merge replaces the rows whose unique_key comes again; a duplicate key in the new rows fails and changes nothing', async () => {
    await build();
    const reload = {
      ...FILES,
      // Every run re-reads everything: the merge must replace rows 1 and 2, not duplicate them.
      'marts/fct_events.sql':
        FILES['marts/fct_events.sql']?.replace(/\{% if is_incremental\(\) %\}.*\{% endif %\}/, '') ?? '',
    };
    await warehouse.query("update f_raw.events set kind = 'buy' where id = 1");
    // Its unit test checks the incremental filter this variant lacks.
    const merged = await build(reload, { exclude: ['test_type:unit'] });
    assert.deepEqual(unexpected(merged), []);
    assert.deepEqual(
      (await facts()).map((row) => [row.id, row.label, row.score]),
      [
        [1, 'Buy, now', '10.00'],
        [2, 'Buy, now', '25.00'],
      ],
    );

    await warehouse.query("insert into f_raw.events values (2, 'click', 1, 9)");
    const failed = await build(reload, { exclude: ['test_type:unit'] });
    const fct = result(failed, 'fct_events');
    assert.equal(fct.status, 'error');
    assert.match(fct.message, /the new rows repeat a unique_key \(id\).*"id":2.*is unchanged/);
    assert.deepEqual(
      (await facts()).map((row) => [row.id, row.score]),
      [
        [1, '10.00'],
        [2, '25.00'],
      ],
    );
  });

  it('a failing incremental run leaves the previous table and its rows in place', async () => {
    await build();
    await warehouse.query("insert into f_raw.events values (5, 'buy', 100, 7)");
    const broken = {
      ...FILES,
      'marts/fct_events.sql':
        FILES['marts/fct_events.sql']?.replace('e.amount * kinds.weight', 'e.amount / 0') ?? '',
    };
    const run = await build(broken, { exclude: ['test_type:unit'] });
    const fct = result(run, 'fct_events');
    assert.equal(fct.status, 'error');
    assert.equal(fct.error?.code, '22012');
    assert.match(fct.message, /The previous table "f_marts"."fct_events" \(if any\) is unchanged/);
    assert.deepEqual(
      (await facts()).map((row) => row.id),
      [1, 2],
    );
  });

  it('delete+insert and a first build when the table is missing', async () => {
    const files = {
      ...FILES,
      'marts/fct_events.sql':
        FILES['marts/fct_events.sql']?.replace(
          "unique_key='id'",
          "unique_key='id', incremental_strategy='delete+insert'",
        ) ?? '',
    };
    const first = await build(files);
    assert.match(result(first, 'fct_events').message, /created table/);
    await warehouse.query("insert into f_raw.events values (6, 'click', 300, 8)");
    const second = await build(files);
    assert.match(result(second, 'fct_events').message, /1 new or changed rows/);
    assert.deepEqual(
      (await facts()).map((row) => row.id),
      [1, 2, 6],
    );
  });

  it('store_failures keeps the failing rows in a table named after the test', async () => {
    await warehouse.query("insert into f_raw.events values (7, 'buy', 1000000, 1)");
    const run = await build();
    const test = result(run, 'expression_is_true_fct_events_score__score_1000');
    assert.equal(test.status, 'fail');
    assert.equal(test.failures, 1);
    assert.match(
      test.message,
      /All of them are in "f_failures"."expression_is_true_fct_events_score__score_1000"/,
    );
    const stored = await warehouse.query(
      'select id, score from f_failures.expression_is_true_fct_events_score__score_1000',
    );
    assert.deepEqual(stored.rows, [{ id: 7, score: '100000.00' }]);
  });

  it('unit tests run on fixture rows only, before their model; a wrong expectation fails and skips the model', async () => {
    // No raw table at all: the unit tests must not need one.
    await warehouse.query('drop schema f_raw cascade');
    const files = { ...FILES, 'marts/_marts.yml': `${FILES['marts/_marts.yml']}\n${WRONG_UNIT_TEST}` };
    const run = await build(files, { select: ['test_type:unit'] });
    assert.deepEqual(
      run.results.map((r) => [r.name, r.status]),
      [
        ['deliberately_wrong', 'fail'],
        ['scores_new_rows_only', 'success'],
      ],
    );
    const wrong = result(run, 'deliberately_wrong');
    assert.match(
      wrong.message,
      /1 expected row\(s\) missing: \{"id":1,"score":26\}; 1 unexpected row\(s\): \{"id":1,"score":"25.0"\}/,
    );
    assert.match(wrong.message, /sql\/marts\/_marts.yml:\d+/);

    await warehouse.query(RAW);
    const full = await build(files);
    assert.equal(result(full, 'fct_events').status, 'skipped');
    assert.equal(result(full, 'fct_events').skippedBecause, 'unit_test.fct_events.deliberately_wrong');
  });

  it('a bad seed value names the CSV line and keeps the previous seed table', async () => {
    await build();
    const bad = { ...FILES, 'seeds/kinds.csv': 'kind,label,weight\nclick,Click,1\nbuy,Buy,ten\n' };
    const run = await build(bad, { resourceTypes: ['seed'] });
    const seed = result(run, 'kinds');
    assert.equal(seed.status, 'error');
    assert.match(
      seed.message,
      /sql\/seeds\/kinds.csv:3 \(column "weight"\).*invalid input syntax for type integer/,
    );
    assert.match(seed.message, /The previous table "f_seeds"."kinds" \(if any\) is unchanged/);
    assert.equal((await warehouse.query('select count(*)::int as n from f_seeds.kinds')).rows[0]?.n, 2);
  });
});
