import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeReport } from '../../src/report';
import { type ChromiumPage, openPage, requireChromium } from '../support/chromium';
import { sampleReportInput } from '../support/sample-report-input';

const out = resolve(__dirname, '../../target/test-out/report');
const hostile = '<img src=x onerror="window.__xss=1">Brooklyn';

describe('report page in headless Chromium', function () {
  this.timeout(120_000);
  let page: ChromiumPage | undefined;
  let url: string;
  let monthRows: number;

  before(async function () {
    const chromium = requireChromium(this);
    mkdirSync(out, { recursive: true });
    const input = sampleReportInput();
    const { kpis } = input;
    for (const rows of [kpis.revenue_by_store_month, kpis.store_performance]) {
      for (const row of rows) if (row.store === 'Brooklyn') row.store = hostile;
    }
    monthRows = kpis.revenue_by_store_month.length;
    const file = await writeReport(input, join(out, 'report.html'));
    url = pathToFileURL(file).href;
    page = await openPage(chromium, url, { width: 1280, height: 900 });
  });

  after(async () => {
    await page?.close();
  });

  const open = (): ChromiumPage => {
    assert.ok(page, 'the page opened');
    return page;
  };

  it('draws every chart: seven SVGs with their marks, laid out at a visible size', async () => {
    const figures = await open().evaluate<
      { id: string; marks: number; width: number; height: number; fits: boolean }[]
    >(
      `[...document.querySelectorAll('figure[data-chart]')].map((figure) => {
        const svg = figure.querySelector('svg');
        const box = svg.getBoundingClientRect();
        return {
          id: figure.dataset.chart,
          marks: svg.querySelectorAll('.role-mark > path, .role-mark > text').length,
          width: Math.round(box.width),
          height: Math.round(box.height),
          fits: box.right <= figure.getBoundingClientRect().right + 0.5,
        };
      })`,
    );
    assert.deepEqual(
      figures.map((f) => f.id),
      [
        'revenue_heatmap',
        'revenue_trend',
        'store_performance',
        'store_order_value',
        'product_margin',
        'food_drink',
        'supply_cost',
      ],
    );
    for (const figure of figures) {
      assert.ok(figure.marks > 0, `${figure.id} has marks`);
      assert.ok(
        figure.width > 250 && figure.height > 100,
        `${figure.id} is ${figure.width}×${figure.height}`,
      );
      assert.ok(figure.fits, `${figure.id} fits in its figure`);
    }
    const cells = await open().evaluate<number>(
      `document.querySelectorAll('figure[data-chart="revenue_heatmap"] .mark-rect.role-mark > path').length`,
    );
    assert.equal(cells, monthRows, 'one heatmap cell per store and month');
  });

  it('shows the six KPI tiles in three columns', async () => {
    const tiles = await open().evaluate<{ kpi: string; value: string; top: number }[]>(
      `[...document.querySelectorAll('.tile')].map((tile) => ({
        kpi: tile.dataset.kpi, value: tile.querySelector('.value').textContent, top: Math.round(tile.getBoundingClientRect().top),
      }))`,
    );
    assert.deepEqual(
      tiles.map((t) => [t.kpi, t.value]),
      [
        ['total_revenue', '$1.07M'],
        ['orders', '69,122'],
        ['avg_order_value', '$15.48'],
        ['repeat_rate', '64.5%'],
        ['perishable_share', '62.0%'],
        ['food_share', '67.4%'],
      ],
    );
    assert.equal(new Set(tiles.map((t) => t.top)).size, 2, 'two rows of three');
  });

  it('logs no console error or warning and requests nothing but the page itself', () => {
    assert.deepEqual(open().problems(), []);
    assert.deepEqual(open().requests, [url]);
  });

  it('keeps a hostile store name as text: no script runs, no element is injected', async () => {
    const result = await open().evaluate<{ xss: boolean; images: number; scripts: number; cell: boolean }>(
      `({
        xss: window.__xss !== undefined,
        images: document.images.length,
        scripts: document.scripts.length,
        cell: [...document.querySelectorAll('td')].some((td) => td.textContent === ${JSON.stringify(hostile)}),
      })`,
    );
    assert.deepEqual(result, { xss: false, images: 0, scripts: 0, cell: true });
  });

  it('saves a full-page screenshot in target/test-out/report/', async () => {
    const file = join(out, 'report.png');
    await open().screenshot(file);
    const png = readFileSync(file);
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
    assert.equal(png.readUInt32BE(16), 1280, 'page width');
    assert.ok(png.readUInt32BE(20) > 2000, 'the whole page, not only the viewport');
  });
});
