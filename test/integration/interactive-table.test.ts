import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { at } from '../../src/common/at';
import { interactiveTableHtml } from '../../src/html/interactive-table';
import { type ChromiumPage, openPage, requireChromium } from '../support/chromium';

const OUT = resolve(__dirname, '../../target/test-out/interactive-table');

// 37 rows: amounts whose text order (100 < 25 < 9) differs from their numeric order
const ROWS = Array.from({ length: 37 }, (_, i) => ({
  store: at(['Brooklyn', 'Chicago', 'Philadelphia'], i % 3, 'a store'),
  order: `o${String(i + 1).padStart(2, '0')}`,
  amount: ((i * 7919) % 101) + (i % 4 === 0 ? 0.5 : 0),
}));
const COLUMNS = [
  { name: 'store', numeric: false },
  { name: 'order', numeric: false },
  { name: 'amount', numeric: true },
];
const CELLS = ROWS.map((row) => [row.store, row.order, String(row.amount)]);

/** The orders shown in the table's body, top to bottom, and the status line. */
const VISIBLE = `(() => ({
  orders: [...document.querySelectorAll('#t1 tbody tr')].map((tr) => tr.cells[1].textContent),
  status: document.querySelector('#t1 .etl-table-status')?.textContent ?? null,
}))()`;
const click = (selector: string) => `document.querySelector(${JSON.stringify(`#t1 ${selector}`)}).click()`;

describe('interactive tables in real headless Chromium (sort, filter, pages; static without scripts)', function () {
  this.timeout(60_000);
  let chromium: string;
  let dir: string;
  let file: string;

  before(function () {
    chromium = requireChromium(this);
    dir = mkdtempSync(join(tmpdir(), 'etl-interactive-table-'));
    file = join(dir, 'table.html');
    // two tables on one page, as in a notebook: each script enhances its own
    const html = [
      interactiveTableHtml(COLUMNS, CELLS, { caption: 'Orders', note: 'All 37 rows.' }),
      interactiveTableHtml(COLUMNS, CELLS.slice(0, 3), { caption: 'Three orders' }),
    ];
    writeFileSync(
      file,
      `<!doctype html><meta charset="utf-8"><body><div id="t1">${html[0]}</div><div id="t2">${html[1]}</div></body>`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('with scripts (a trusted notebook)', () => {
    let page: ChromiumPage;
    before(async () => {
      page = await openPage(chromium, pathToFileURL(file).href);
    });
    after(async () => page?.close());

    it('shows the first page of 10 with its status, fetching nothing', async () => {
      const shown = await page.evaluate<{ orders: string[]; status: string }>(VISIBLE);
      assert.deepEqual(
        shown.orders,
        ROWS.slice(0, 10).map((row) => row.order),
      );
      assert.equal(shown.status, 'rows 1–10 of 37');
      assert.equal(await page.evaluate("document.querySelector('#t1 .etl-table').dataset.enhanced"), 'true');
      assert.equal(await page.evaluate("document.querySelectorAll('#t2 tbody tr').length"), 3);
      assert.deepEqual(page.requests, [pathToFileURL(file).href], 'self-contained: no other request');
      assert.deepEqual(page.problems(), []);
    });

    it('sorts numbers as numbers, ascending then descending, on header clicks', async () => {
      const byAmount = [...ROWS].sort((a, b) => a.amount - b.amount || a.order.localeCompare(b.order));
      await page.evaluate(click('th:nth-child(3)'));
      const up = await page.evaluate<{ orders: string[] }>(VISIBLE);
      assert.equal(
        await page.evaluate("document.querySelector('#t1 th:nth-child(3)').getAttribute('aria-sort')"),
        'ascending',
      );
      assert.deepEqual(
        up.orders.map((order) => ROWS.find((row) => row.order === order)?.amount),
        byAmount.slice(0, 10).map((row) => row.amount),
      );
      await page.evaluate(click('th:nth-child(3)'));
      const down = await page.evaluate<{ orders: string[] }>(VISIBLE);
      assert.deepEqual(
        down.orders.map((order) => ROWS.find((row) => row.order === order)?.amount),
        byAmount
          .reverse()
          .slice(0, 10)
          .map((row) => row.amount),
      );
      await page.evaluate(click('th:nth-child(2)')); // back to the orders' own order for the next tests
    });

    it('filters rows by their text and says how many matched', async () => {
      await page.evaluate(`(() => { const input = document.querySelector('#t1 .etl-table-filter');
        input.value = 'chicago'; input.dispatchEvent(new Event('input')); })()`);
      const shown = await page.evaluate<{ orders: string[]; status: string }>(VISIBLE);
      const chicago = ROWS.filter((row) => row.store === 'Chicago');
      assert.deepEqual(
        shown.orders,
        chicago.slice(0, 10).map((row) => row.order),
      );
      assert.equal(shown.status, `rows 1–10 of ${chicago.length} (filtered from 37)`);
      await page.evaluate(`(() => { const input = document.querySelector('#t1 .etl-table-filter');
        input.value = ''; input.dispatchEvent(new Event('input')); })()`);
    });

    it('pages forward to the last page and back', async () => {
      await page.evaluate(click('.etl-table-next'));
      const second = await page.evaluate<{ orders: string[]; status: string }>(VISIBLE);
      assert.deepEqual(
        second.orders,
        ROWS.slice(10, 20).map((row) => row.order),
      );
      assert.equal(second.status, 'rows 11–20 of 37');
      await page.evaluate(click('.etl-table-next'));
      await page.evaluate(click('.etl-table-next'));
      const last = await page.evaluate<{ orders: string[]; status: string }>(VISIBLE);
      assert.deepEqual(
        last.orders,
        ROWS.slice(30).map((row) => row.order),
      );
      assert.equal(await page.evaluate("document.querySelector('#t1 .etl-table-next').disabled"), true);
      await page.evaluate(click('.etl-table-prev'));
      assert.equal((await page.evaluate<{ status: string }>(VISIBLE)).status, 'rows 21–30 of 37');
      mkdirSync(OUT, { recursive: true });
      await page.screenshot(join(OUT, 'enhanced.png'), { selector: '#t1' });
    });
  });

  it('without scripts (an untrusted notebook) shows the whole static table, no controls', async () => {
    const page = await openPage(chromium, pathToFileURL(file).href, { javaScript: false });
    try {
      const shown = await page.evaluate<{ orders: string[]; status: string | null }>(VISIBLE);
      assert.deepEqual(
        shown.orders,
        ROWS.map((row) => row.order),
      );
      assert.equal(shown.status, null);
      assert.equal(
        await page.evaluate("document.querySelector('#t1 .etl-table').dataset.enhanced ?? null"),
        null,
      );
      assert.equal(await page.evaluate("document.querySelector('#t1 caption').textContent"), 'Orders');
      mkdirSync(OUT, { recursive: true });
      await page.screenshot(join(OUT, 'static.png'), { selector: '#t1' });
    } finally {
      await page.close();
    }
  });
});
