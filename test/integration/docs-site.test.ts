import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateDocs } from '../../src/docs/generate-docs';
import { buildStep } from '../../src/pipeline/build-step';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { type ChromiumPage, openPage, requireChromium } from '../support/chromium';
import { requireDist } from '../support/require-dist';
import { testWarehouse } from '../support/test-warehouse';

const ROOT = resolve(__dirname, '../..');
const SHOP = join(ROOT, 'test', 'fixtures', 'projects', 'shop');

// One unknown status: the accepted_values test (severity warn) warns with 1 row; nothing is skipped.
const RAW = `
  drop schema if exists raw cascade;
  create schema raw;
  create table raw.customers (id text, name text);
  create table raw.orders (id text, customer_id text, status text, amount numeric(12, 2));
  insert into raw.customers values ('c1', 'Ann'), ('c2', 'Bob');
  insert into raw.orders values ('o1', 'c1', 'placed', 10.00), ('o2', 'c2', 'returned', 5.50);
`;

const TRICKY = '<script>alert("x")</script> & <b>not bold</b>';

/** Polls `expression` in the page until it is true (navigation is asynchronous). */
async function waitUntil(page: ChromiumPage, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await page.evaluate<boolean>(expression).catch(() => false)) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`timed out waiting for ${expression}`);
}

describe('etl-workbook docs: the static site', () => {
  let work: string;
  let warehouse: Warehouse;
  let index: string;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'etl-docs-'));
    const project = join(work, 'project');
    await cp(SHOP, project, { recursive: true });
    const yaml = join(project, 'marts', '_marts.yml');
    await writeFile(
      yaml,
      (await readFile(yaml, 'utf8')).replace('Orders and amount per customer.', JSON.stringify(TRICKY)),
    );
    warehouse = await testWarehouse();
    await warehouse.query(RAW);
    const out = join(work, 'target');
    const { run } = await buildStep(warehouse, { projectDir: project, outDir: out });
    assert.ok(
      run.results.some((r) => r.name.startsWith('accepted_values_stg_orders') && r.status === 'warn'),
    );
    const result = await generateDocs({ projectDir: project, outDir: out, warehouse });
    assert.equal(result.relationsFromWarehouse, 5, 'three models and two source tables were read');
    assert.ok(result.lastRunFound);
    index = result.index;
  });
  after(async () => {
    await warehouse?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('shows the warehouse column types, the last test results and escaped text', () => {
    const page = readFileSync(join(index, '..', 'models', 'customer_orders.html'), 'utf8');
    assert.match(page, /<code>total_amount<\/code><\/td><td><code>numeric\(18,2\)<\/code><\/td>/);
    assert.match(page, /<code>order_count<\/code><\/td><td><code>integer<\/code><\/td>/);
    assert.match(page, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &lt;b&gt;/);
    assert.doesNotMatch(page, /<script>/);
    const orders = readFileSync(join(index, '..', 'models', 'stg_orders.html'), 'utf8');
    assert.match(
      orders,
      /accepted_values_stg_orders_status__placed__shipped<\/code><\/td><td>accepted_values<\/td><td>status<\/td><td>warn<\/td><td><span class="status warn"[^>]*>warn \(1 rows\)/,
    );
    assert.match(orders, /<span class="status pass">pass<\/span><\/td><td><\/td>/);
  });

  it('opens from the file system in Chromium: a lineage box per node, each leading to its page', async function () {
    const chromium = requireChromium(this);
    const page = await openPage(chromium, pathToFileURL(index).href, { width: 1400, height: 1000 });
    try {
      const ids = await page.evaluate<string[]>(
        '[...document.querySelectorAll("svg.lineage .node")].map((node) => node.dataset.id).sort()',
      );
      assert.deepEqual(ids, [
        'analysis.top_customers',
        'model.customer_orders',
        'model.stg_customers',
        'model.stg_orders',
        'source.raw.customers',
        'source.raw.orders',
      ]);
      const hrefs = await page.evaluate<string[]>(
        '[...document.querySelectorAll("svg.lineage a.node")].map((a) => a.href.baseVal ? new URL(a.href.baseVal, location.href).href : a.href)',
      );
      for (const href of hrefs) assert.ok(existsSync(fileURLToPath(href)), `${href} does not exist`);
      assert.equal(await page.evaluate('document.scripts.length'), 0);
      assert.ok((await page.evaluate<string>('document.body.innerText')).includes(TRICKY));
      await mkdir(join(ROOT, 'target'), { recursive: true });
      await page.screenshot(join(ROOT, 'target', 'docs-index.png'));

      await page.evaluate(
        `document.querySelector('svg.lineage a.node[data-id="model.customer_orders"]').dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }))`,
      );
      await waitUntil(
        page,
        'location.href.endsWith("/models/customer_orders.html") && document.readyState === "complete"',
      );
      assert.equal(await page.evaluate('document.querySelector("h1").textContent'), 'customer_orders');
      assert.equal(
        await page.evaluate('document.querySelector("svg.lineage .node.current").dataset.id'),
        'model.customer_orders',
      );
      const type = await page.evaluate<string>(
        'document.querySelector("tr[data-column=total_amount] td:nth-child(2)").textContent',
      );
      assert.equal(type, 'numeric(18,2)');
      await page.screenshot(join(ROOT, 'target', 'docs-model.png'));

      assert.deepEqual(page.problems(), []);
      const external = page.requests.filter((url) => !url.startsWith('file://') && url !== 'about:blank');
      assert.deepEqual(external, [], 'the site loads nothing but its own files');
    } finally {
      await page.close();
    }
  });

  it('`docs --no-warehouse` works with no server and takes column types from the YAML', async function () {
    requireDist(this, 'cli/commands/docs-command.js');
    const out = join(work, 'offline');
    const home = join(work, 'no-warehouse-here');
    const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', ETL_WAREHOUSE_HOME: home };
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'etl-workbook.js'), 'docs', '--no-warehouse', '--project', SHOP, '--out', out],
      { cwd: ROOT, encoding: 'utf8', env, timeout: 60_000 },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stdout,
      /Wrote 6 pages to .*index\.html \(column types from the YAML; no run_results\.json yet\)/,
    );
    assert.ok(!existsSync(home));
    const page = readFileSync(join(out, 'docs', 'models', 'stg_customers.html'), 'utf8');
    assert.match(page, /<code>customer_id<\/code><\/td><td><span class="muted">unknown<\/span>/);
    assert.match(page, /status not-run">not run/);
  });
});
