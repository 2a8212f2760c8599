import { strict as assert } from 'node:assert';
import { renderSvg } from '../../src/charts/render-svg';
import { columnStatsQuery } from '../../src/profile/column-stats-query';
import type { CatalogTable } from '../../src/profile/list-columns';
import { niceStep } from '../../src/profile/nice-step';
import type { Profile } from '../../src/profile/profile';
import { profileCharts } from '../../src/profile/profile-charts';
import { profileFrames } from '../../src/profile/profile-frames';
import { renderProfileHtml } from '../../src/profile/profile-html';
import { valueKindsQuery } from '../../src/profile/value-kinds-query';
import { PostgresDialect } from '../../src/warehouse/dialect';

const EVIL = '<script>alert("x")</script>';

const profile: Profile = {
  schema: 'raw',
  generatedAt: '2025-01-01T00:00:00.000Z',
  seconds: 1.5,
  tables: [
    {
      name: 'raw_products',
      rows: 2,
      duplicateRows: 0,
      columns: [
        {
          name: 'sku',
          catalogType: 'text',
          inferredType: 'text',
          valueKinds: { text: 2 },
          nulls: 0,
          nullShare: 0,
          distinct: 2,
          min: 'BEV-001',
          max: 'JAF-001',
          minLength: 7,
          maxLength: 7,
          topValues: [],
          samples: ['JAF-001', 'BEV-001'],
        },
        {
          name: 'name',
          catalogType: 'text',
          inferredType: 'text',
          nulls: 0,
          nullShare: 0,
          distinct: 2,
          min: EVIL,
          max: 'tangaroo',
          topValues: [{ value: EVIL, count: 1 }],
          samples: [EVIL],
        },
        {
          name: 'price',
          catalogType: 'bigint',
          inferredType: 'integer',
          nulls: 0,
          nullShare: 0,
          distinct: 2,
          min: '-300',
          max: '1100',
          quantiles: { p0: -300, p25: 50, p50: 400, p75: 750, p100: 1100 },
          topValues: [],
          samples: ['1100', '-300'],
        },
      ],
      candidateKeys: [{ columns: ['sku'], matchesContract: true }],
      testedPairs: 0,
      contractKey: {
        columns: ['sku'],
        holds: true,
        nullRows: 0,
        duplicateValues: 0,
        duplicateRows: 0,
        examples: [],
      },
      seconds: 0.01,
    },
  ],
  relationships: [],
  findings: [
    {
      severity: 'error',
      code: 'negative_amount',
      table: 'raw_products',
      column: 'price',
      count: 1,
      message: 'raw_products.price is negative on 1 row',
      examples: [EVIL],
    },
  ],
  charts: {
    orderValues: [
      { binStart: 10, binEnd: 12.5, orders: 3 },
      { binStart: 12.5, binEnd: 15, orders: 1 },
    ],
    ordersPerDay: [
      { day: '2024-01-01', orders: 2 },
      { day: '2024-01-02', orders: 5 },
    ],
    itemsPerOrder: [
      { items: 1, orders: 4 },
      { items: 2, orders: 1 },
    ],
  },
  timings: { relationships: 0, rules: 0, charts: 0 },
};

describe('profile: report, charts and frames (no database)', () => {
  it('escapes every text from the data in the HTML page', () => {
    const html = renderProfileHtml(profile, []);
    assert.ok(!html.includes('<script>'), 'no raw markup from the data');
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
    assert.match(html, /raw_products\.price is negative on 1 row/);
    assert.match(html, /<style>/);
    assert.doesNotMatch(html, /<link|<script src/, 'self-contained');
  });

  it('renders the three charts to inline SVG with vega', async function () {
    this.timeout(30_000);
    const charts = profileCharts(profile.charts);
    assert.deepEqual(
      charts.map((c) => c.id),
      ['order_values', 'orders_per_day', 'items_per_order'],
    );
    const svgs = await Promise.all(charts.map((c) => renderSvg(c.spec)));
    for (const svg of svgs) assert.match(svg, /^<svg[^>]*>[\s\S]*<\/svg>$/);
    assert.match(svgs[0] as string, /Order total \(\$\)/);
    const html = renderProfileHtml(
      profile,
      charts.map((c, i) => ({ id: c.id, title: c.title, svg: svgs[i] as string })),
    );
    assert.equal(html.match(/<svg/g)?.length, 3);
    assert.deepEqual(profileCharts({}), [], 'no data, no chart');
  });

  it('flattens the profile into plain rows for notebooks', () => {
    const frames = profileFrames(profile);
    assert.equal(frames.columns.length, 3);
    assert.deepEqual(frames.columns[2], {
      table: 'raw_products',
      column: 'price',
      catalog_type: 'bigint',
      inferred_type: 'integer',
      nulls: 0,
      null_share: 0,
      distinct: 2,
      min: '-300',
      max: '1100',
      min_length: null,
      max_length: null,
      p0: -300,
      p25: 50,
      p50: 400,
      p75: 750,
      p100: 1100,
      samples: '1100 | -300',
    });
    assert.deepEqual(frames.topValues, [
      { table: 'raw_products', column: 'name', rank: 1, value: EVIL, count: 1 },
    ]);
    assert.deepEqual(frames.keys, [{ table: 'raw_products', key: 'sku', matches_contract: true }]);
    assert.equal(frames.findings[0]?.code, 'negative_amount');
    assert.equal(frames.itemsPerOrder.length, 2);
    for (const rows of Object.values(frames)) {
      for (const row of rows) {
        for (const value of Object.values(row)) assert.ok(value === null || typeof value !== 'object');
      }
    }
  });

  it('picks round histogram bins', () => {
    assert.equal(niceStep(66.8, 30), 2.5);
    assert.equal(niceStep(100, 10), 10);
    assert.equal(niceStep(7, 30), 0.25);
    assert.equal(niceStep(0, 30), 1);
  });

  it('computes every column statistic in one statement, quoting names through the dialect', () => {
    const table: CatalogTable = {
      name: 'raw_supplies',
      columns: [
        { name: 'id', catalogType: 'text', family: 'text' },
        { name: 'cost', catalogType: 'bigint', family: 'integer' },
        { name: 'perishable', catalogType: 'boolean', family: 'boolean' },
        { name: 'extra', catalogType: 'json', family: 'other' },
      ],
    };
    const d = new PostgresDialect();
    const sql = columnStatsQuery(d, 'raw', table);
    assert.equal(sql.match(/\bfrom "raw"\."raw_supplies"/g)?.length, 1, 'one scan');
    assert.match(sql, /count\(distinct "c0"\)/);
    assert.match(
      sql,
      /percentile_cont\(array\[0, 0\.25, 0\.5, 0\.75, 1\]\) within group \(order by "c1"::float8\)/,
    );
    assert.match(sql, /bool_and\("c2"\)/);
    assert.match(sql, /"extra"::text as "c3"/);
    const kinds = valueKindsQuery(d, 'raw', table, [0]);
    assert.match(kinds.sql, /"id" like \$1 and "id" ~ \$2 then 'uuid'/);
    assert.equal(kinds.params.length, 10, 'LIKE guards and patterns are bind parameters');
    assert.throws(
      () => columnStatsQuery(d, 'raw', { name: 'x; drop table y', columns: table.columns }),
      /Invalid SQL identifier/,
    );
  });
});
