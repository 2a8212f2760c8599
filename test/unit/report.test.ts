import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { at } from '../../src/common/at';
import { escapeHtml, type ReportInput, renderReport, writeReport } from '../../src/report';
import { sampleReportInput } from '../support/sample-report-input';

const tiles = ['total_revenue', 'orders', 'avg_order_value', 'repeat_rate', 'perishable_share', 'food_share'];
const charts = [
  'revenue_heatmap',
  'revenue_trend',
  'store_performance',
  'store_order_value',
  'product_margin',
  'food_drink',
  'supply_cost',
];

/** The text content of the element carrying `attribute` (tags stripped). */
function textOf(html: string, attribute: string): string {
  const start = html.indexOf(attribute);
  assert.notEqual(start, -1, `${attribute} is in the page`);
  const element = html.slice(html.lastIndexOf('<', start), html.indexOf('</div></div>', start));
  return element
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/*
 * The expected text is derived here from the fixture's rows, in integer cents, with formatting
 * written out by hand (not the report's formatter): a changed fixture changes the expectations.
 */
const sample = sampleReportInput();
const cents = (amount: number) => Math.round(amount * 100);
const sumCents = (amounts: number[]) => amounts.reduce((sum, amount) => sum + cents(amount), 0);
const grouped = (whole: number) => String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const money = (total: number) =>
  `$${grouped(Math.floor(total / 100))}.${String(total % 100).padStart(2, '0')}`;
const dollars = (total: number) => `$${grouped(Math.round(total / 100))}`;
const percent = (fraction: number) => `${(Math.round(fraction * 1000) / 10).toFixed(1)}%`;
/** A tax rate keeps up to two decimals, at least one: 6.0%, 6.25%. */
const rate = (fraction: number) =>
  `${(Math.round(fraction * 10000) / 100).toFixed(2).replace(/(\.\d)0$/, '$1')}%`;

describe('report', function () {
  this.timeout(30_000);
  let html: string;

  before(async () => {
    html = await renderReport(sample);
  });

  it('is one self-contained page: inline CSS, no script, nothing fetched', () => {
    assert.match(html, /^<!doctype html>\n<html lang="en">/);
    assert.ok(html.includes('<style>'));
    assert.ok(!/<script\b/i.test(html), 'no script element');
    assert.ok(!/<link\b/i.test(html), 'no stylesheet link');
    assert.ok(!/\b(src|href)\s*=/i.test(html), 'no src or href attribute at all');
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    assert.deepEqual(
      [...new Set(urls)],
      ['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink'],
      'only SVG namespaces',
    );
    assert.ok(
      html.includes(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`),
      'a CSP forbids loads',
    );
  });

  it('has a header with the title, the dataset period and the generation time', () => {
    assert.ok(html.includes('<title>Jaffle Shop — retail KPIs</title>'));
    assert.ok(html.includes('<h1>Jaffle Shop — retail KPIs</h1>'));
    const months = [...new Set(sample.kpis.revenue_by_store_month.map((row) => row.month))].sort();
    const monthName = (month: string | undefined) =>
      new Date(`${month}-01T00:00:00Z`).toLocaleString('en-US', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      });
    const period = `${monthName(months[0])} – ${monthName(months.at(-1))} (${months.length} months)`;
    assert.ok(html.includes(`<span>Data: ${period}</span>`), period);
    assert.ok(html.includes('<span>Generated 2025-01-06 08:30 UTC</span>'));
  });

  it('shows every KPI tile with its formatted value, totals summed from the fixture rows', () => {
    const { store_performance: stores, customer_summary: customers, supply_cost: supply } = sample.kpis;
    const mix = sample.kpis.food_drink_mix;
    const revenue = sumCents(stores.map((row) => row.revenue));
    const orders = stores.reduce((sum, row) => sum + row.orders, 0);
    assert.ok(revenue >= 1e8 && revenue < 1e11, 'the fixture is in the millions: the tile is compact');
    const millions = (Math.round(revenue / 1e6) / 100).toFixed(2).replace(/\.?0+$/, '');
    for (const tile of tiles) assert.ok(html.includes(`data-kpi="${tile}"`), tile);
    assert.equal(
      textOf(html, 'data-kpi="total_revenue"'),
      `Total revenue $${millions}M ${money(revenue)} across ${stores.length} stores, before tax`,
    );
    assert.equal(
      textOf(html, 'data-kpi="orders"'),
      `Orders ${grouped(orders)} from ${grouped(customers.customers)} customers`,
    );
    assert.equal(
      textOf(html, 'data-kpi="avg_order_value"'),
      `Avg order value ${money(cents(customers.avg_order_value))} ${money(cents(customers.avg_lifetime_spend))} avg lifetime spend per customer`,
    );
    assert.equal(
      textOf(html, 'data-kpi="repeat_rate"'),
      `Repeat rate ${percent(customers.repeat_rate)} ${grouped(customers.repeat_customers)} of ${grouped(customers.customers)} customers came back`,
    );
    const supplyTotal = sumCents([supply.perishable_supply_cost, supply.non_perishable_supply_cost]);
    assert.equal(
      textOf(html, 'data-kpi="perishable_share"'),
      `Perishable share of supply cost ${percent(supply.perishable_share)} ${dollars(cents(supply.perishable_supply_cost))} of ${dollars(supplyTotal)}`,
    );
    assert.equal(
      textOf(html, 'data-kpi="food_share"'),
      `Food share of revenue ${percent(mix.food_share)} ${dollars(cents(mix.food_revenue))} food, ${dollars(cents(mix.drink_revenue))} drinks`,
    );
  });

  it('embeds every chart as inline SVG with its title', () => {
    for (const chart of charts) {
      const start = html.indexOf(`data-chart="${chart}"`);
      assert.notEqual(start, -1, chart);
      assert.ok(
        html.slice(start, start + 200).includes('><svg xmlns="http://www.w3.org/2000/svg"'),
        `${chart} is an SVG`,
      );
    }
    assert.equal(html.match(/<svg /g)?.length, charts.length);
    for (const title of [
      'Revenue by store and month',
      'Monthly revenue by store',
      'Revenue by store',
      'Average order value by store',
      'Product revenue and gross margin',
      'Food vs drink revenue',
      'Perishable vs non-perishable supply cost',
    ]) {
      assert.ok(html.includes(`>${title}</text>`), title);
    }
  });

  it('lists the KPI tables with money and percentages formatted', () => {
    for (const table of [
      'store_performance',
      'product_performance',
      'summary',
      'revenue_by_store_month',
      'loads',
    ]) {
      assert.ok(html.includes(`<table data-table="${table}">`), table);
    }
    for (const row of sample.kpis.store_performance) {
      const cells = [
        grouped(row.orders),
        money(cents(row.revenue)),
        money(cents(row.avg_order_value)),
        rate(row.tax_rate),
        rate(row.effective_tax_rate),
      ];
      const expected = `<td>${row.store}</td>${cells.map((cell) => `<td class="num">${cell}</td>`).join('')}`;
      assert.ok(html.includes(expected), `the row of ${row.store}: ${expected}`);
    }
    assert.ok(
      sample.kpis.store_performance.some((row) => rate(row.tax_rate) === '6.25%'),
      'a tax rate with two decimals is in the fixture',
    );
    const share = sample.kpis.supply_cost.perishable_share;
    assert.ok(html.includes(`<td>Perishable share of supply cost</td><td>${percent(share)}</td>`));
    for (const load of sample.loads ?? []) {
      const cells = [grouped(load.rows), `${load.seconds.toFixed(2)} s`];
      const expected = `<td>${load.table}</td>${cells.map((cell) => `<td class="num">${cell}</td>`).join('')}`;
      assert.ok(html.includes(expected), expected);
    }
  });

  it('summarises the data tests: counts, then failures with their row counts, passes folded', () => {
    const count = (status: string) => sample.tests.filter((test) => test.status === status).length;
    const chip = (status: string, label: string) =>
      `<span class="chip status-${status}" data-status="${status}"><b>${count(status)}</b> ${label}</span>`;
    assert.ok(html.includes(chip('fail', 'failed')));
    assert.ok(html.includes(chip('warn', 'warned')));
    assert.ok(html.includes(chip('pass', 'passed')));
    const problems = html.slice(
      html.indexOf('class="test-list problems"'),
      html.indexOf('</ul>', html.indexOf('problems')),
    );
    assert.ok(
      problems.indexOf('assert_no_orders_before_store_opened') <
        problems.indexOf('assert_order_total_equals'),
    );
    const failed = sample.tests.find((test) => test.status === 'fail');
    assert.ok(problems.includes(`${failed?.failures} rows found`));
    assert.ok(html.includes(`<summary>${count('pass')} passing tests</summary>`));
  });

  it('lists the warnings in a Data quality section: test, severity, rows found, a sample row', async () => {
    const input = sampleReportInput();
    input.tests = [
      {
        name: 'assert_every_store_has_orders',
        status: 'warn',
        failures: 1234,
        severity: 'warn',
        sample: { store_name: 'Chicago <b>', opened_at: '2025-04-28T00:00:00' },
      },
      { name: 'not_null_orders_id', status: 'pass' },
    ];
    const page = await renderReport(input);
    const section = page.slice(
      page.indexOf('<section id="data-quality">'),
      page.indexOf('</section>', page.indexOf('id="data-quality"')),
    );
    assert.ok(section.includes('<h2>Data quality</h2>'));
    assert.ok(
      section.includes(
        '<td><code>assert_every_store_has_orders</code></td><td>warn</td><td class="num">1,234</td>',
      ),
    );
    assert.ok(section.includes('<b>store_name</b> Chicago &lt;b&gt;'), 'the sample row, escaped');
    assert.ok(section.includes('<b>opened_at</b> 2025-04-28T00:00:00'));
    assert.ok(!section.includes('not_null_orders_id'), 'a passing test is no warning');

    input.tests = [{ name: 'not_null_orders_id', status: 'pass' }];
    const clean = await renderReport(input);
    assert.ok(clean.includes('No data-quality warnings'));
  });

  it('escapes hostile text everywhere: title, stores, products, tests, loads', async () => {
    const attack = '<script>alert(1)</script>';
    const input = sampleReportInput();
    input.title = attack;
    const { kpis } = input;
    for (const row of kpis.revenue_by_store_month) if (row.store === 'Brooklyn') row.store = attack;
    for (const row of kpis.store_performance) if (row.store === 'Brooklyn') row.store = attack;
    at(kpis.product_performance, 0, 'a product').product_name = `"><img src=x onerror=alert(1)>`;
    input.tests.push({ name: attack, status: 'error' });
    input.loads?.push({ table: attack, rows: 1, seconds: 0, status: '<b>bad</b>' });
    const page = await renderReport(input);
    assert.ok(!page.includes('<script>'), 'no raw script tag');
    assert.ok(!page.includes('<img'), 'no injected element');
    assert.ok(!page.includes('<b>bad</b>'));
    assert.ok(page.includes('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>'));
    assert.ok(page.includes('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>'), 'in the tables');
    assert.ok(page.includes('>&lt;script&gt;alert(1)&lt;/script&gt;</text>'), 'in the chart SVG');
    assert.ok(page.includes('<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>'), 'in the tests');
  });

  it('still renders when KPIs are missing, saying what is unavailable', async () => {
    const page = await renderReport({ title: 'Empty', generatedAt: 'just now', kpis: {}, tests: [] });
    for (const tile of tiles) assert.ok(page.includes(`data-kpi="${tile}"`));
    assert.equal(textOf(page, 'data-kpi="total_revenue"'), 'Total revenue — not in the KPI file');
    assert.ok(page.includes('<span>Generated just now</span>'));
    assert.ok(page.includes('No store_performance rows in the KPI file.'));
    assert.ok(page.includes('No data tests were run.'));
    assert.ok(!page.includes('<svg'), 'no chart without data');
  });

  it('accepts numeric strings and single-row KPIs given as a one-element list (as pg returns them)', async () => {
    const input: ReportInput = {
      title: 'Strings',
      generatedAt: '2025-01-01T00:00:00Z',
      kpis: {
        store_performance: [{ store: 'Chicago', orders: '12', revenue: '150.50', avg_order_value: '12.54' }],
        customer_summary: [
          { customers: '10', repeat_customers: '4', repeat_rate: '0.4000', avg_order_value: '12.54' },
        ],
      },
      tests: [{ name: 'only', status: 'pass' }],
    };
    const page = await renderReport(input);
    assert.equal(
      textOf(page, 'data-kpi="total_revenue"'),
      'Total revenue $151 $150.50 across 1 store, before tax',
    );
    assert.equal(textOf(page, 'data-kpi="repeat_rate"'), 'Repeat rate 40.0% 4 of 10 customers came back');
    assert.ok(page.includes('Every data test passed.'));
  });

  it('writeReport writes the page and resolves with its absolute path', async () => {
    const out = mkdtempSync(join(tmpdir(), 'etl-report-'));
    try {
      const file = await writeReport(sampleReportInput(), join(out, 'target', 'report.html'));
      assert.equal(file, join(out, 'target', 'report.html'));
      assert.match(readFileSync(file, 'utf8'), /^<!doctype html>/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('escapeHtml escapes the five HTML-significant characters', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    assert.equal(escapeHtml(undefined), '');
    assert.equal(escapeHtml(12.5), '12.5');
  });
});
