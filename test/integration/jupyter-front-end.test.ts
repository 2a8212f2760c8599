import { strict as assert } from 'node:assert';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { listNotebooks } from '../../src/notebooks';
import { EmbeddedServer } from '../../src/warehouse/embedded-server';
import {
  type CellView,
  closeAndHalt,
  filterTable,
  firstCell,
  inspectNotebook,
  type NotebookView,
  runAllCells,
  screenshotCells,
  unscrollNotebook,
  waitForRunToEnd,
} from '../support/jupyter-page';
import { type JupyterServer, startJupyterServer } from '../support/jupyter-server';
import { requireDist } from '../support/require-dist';
import { requireFrontEnd } from '../support/require-front-end';

const ROOT = resolve(__dirname, '../..');
const SHOTS = join(ROOT, 'target', 'test-out', 'jupyter');
/** The README's picture of a metric query and a typed `sql` cell (copied to data/images/ by hand). */
const README_SHOT = join(SHOTS, 'notebook-analysis.png');

/** What is wrong with one notebook as the page shows it; empty when all is well. */
function problems(name: string, view: NotebookView): string[] {
  const where = (cell: CellView) => `${name} code cell ${cell.cell} (${cell.prompt})`;
  return [
    ...view.dialogs.map((dialog) => `${name}: a dialog is open: ${dialog.slice(0, 300)}`),
    ...view.cells.filter((c) => !/^In \[\d+\]:$/.test(c.prompt)).map((c) => `${where(c)} did not run`),
    ...view.cells.flatMap((c) =>
      c.errors.map((error) => `${where(c)} shows an error: ${error.slice(0, 600)}`),
    ),
    ...view.cells
      .filter((c) => c.svgVisible < c.svgSent)
      .map((c) => `${where(c)}: ${c.svgSent} charts or drawings sent, ${c.svgVisible} visible`),
    ...view.cells
      .filter((c) => c.htmlVisible < c.htmlSent || c.tablesVisible < c.htmlSent)
      .map(
        (c) =>
          `${where(c)}: ${c.htmlSent} tables sent, ${c.htmlVisible} shown, ${c.tablesVisible} with visible rows`,
      ),
    ...view.cells
      .filter((c) => c.enhancedTables < c.interactiveTables)
      .map(
        (c) =>
          `${where(c)}: ${c.interactiveTables} interactive tables, ${c.enhancedTables} enhanced (their script did not run)`,
      ),
  ];
}

const total = (view: NotebookView, key: 'svgVisible' | 'tablesVisible') =>
  view.cells.reduce((sum, cell) => sum + cell[key], 0);

describe('the notebooks in a real front end: Jupyter Notebook in headless Chromium', function () {
  this.timeout(1_800_000); // five notebooks, each with a fresh tslab kernel, on a busy 2-core machine
  let work: string;
  let server: JupyterServer | undefined;
  let browser: Browser | undefined;
  let warehouse: EmbeddedServer;

  before(async function () {
    requireDist(this, 'index.js'); // the notebooks import ../dist
    const frontEnd = requireFrontEnd(this);
    work = mkdtempSync(join(tmpdir(), 'etl-workbook-jupyter-'));
    // The embedded PostgreSQL runs as `postgres` when we are root: it must enter every folder above its data.
    chmodSync(work, 0o755);
    const root = join(work, 'root');
    mkdirSync(join(root, 'notebooks'), { recursive: true });
    mkdirSync(join(root, 'fixtures'));
    for (const path of await listNotebooks(join(ROOT, 'notebooks')))
      cpSync(path, join(root, 'notebooks', basename(path)));
    cpSync(
      join(ROOT, 'test', 'fixtures', 'notebooks', 'fail-throw.ipynb'),
      join(root, 'fixtures', 'fail-throw.ipynb'),
    );
    // The copies find the project (sql/project.yml), the compiled library and the packages one folder
    // up. sql/ is copied: 05-what-changed edits a copy of it, and a bug there must not reach ours.
    cpSync(join(ROOT, 'sql'), join(root, 'sql'), { recursive: true });
    // 04 imports the generated types of ../target/types (npm run build writes them).
    const types = join(ROOT, 'target', 'types');
    if (!existsSync(join(types, 'warehouse.d.ts')))
      throw new Error(
        `${types}/warehouse.d.ts is missing: run \`npm run build\` (it generates the notebooks' types).`,
      );
    cpSync(types, join(root, 'target', 'types'), { recursive: true });
    for (const entry of ['dist', 'data', 'node_modules', 'package.json'])
      symlinkSync(join(ROOT, entry), join(root, entry));
    const home = join(work, 'warehouse');
    warehouse = new EmbeddedServer(home);
    server = await startJupyterServer({
      work: join(work, 'jupyter'),
      notebookDir: root,
      env: { ETL_WAREHOUSE_HOME: home, ETL_OUT_DIR: join(work, 'target'), ETL_TARGET: 'local' },
    });
    browser = await chromium.launch({
      executablePath: frontEnd.chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    // Even on failure: the browser, the server with its kernels, the PostgreSQL the notebooks started.
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await warehouse?.stop().catch(() => undefined);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('shows a failing cell as an error that the check reports (fixture fail-throw.ipynb)', async () => {
    assert.ok(server && browser);
    const run = await openAndRunAll(browser, server, 'fixtures/fail-throw.ipynb');
    try {
      const reported = problems('fail-throw', run.view);
      assert.ok(
        reported.some((problem) =>
          /code cell 2 \(In \[2\]:\) shows an error: .*boom at cell 2/s.test(problem),
        ),
        `the thrown error is reported: ${JSON.stringify(reported)}`,
      );
      assert.ok(!reported.some((problem) => problem.includes('code cell 1 ')), 'cell 1 ran cleanly');
      await closeAndHaltAndWait(run.page, server, 'fixtures/fail-throw.ipynb');
    } finally {
      await run.page.close();
    }
  });

  it('runs every notebook from the Cell menu: no error, every chart and table visible; stops what it started', async () => {
    assert.ok(server && browser);
    const timings: string[] = [];
    for (const path of await listNotebooks(join(ROOT, 'notebooks'))) {
      const started = Date.now();
      await checkNotebook(browser, server, `notebooks/${basename(path)}`);
      timings.push(`${basename(path, '.ipynb')} ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    console.log(`      in Jupyter Notebook: ${timings.join(', ')}`);

    assert.deepEqual(server.runningKernels(), [], "File → Close and Halt stopped each notebook's kernel");
    assert.ok((await warehouse.status()).running, 'the notebooks started their embedded PostgreSQL');
    assert.deepEqual(await server.stop(), [], 'nothing had to be killed');
    assert.equal(await warehouse.stop(), true);
    assert.equal((await warehouse.status()).running, false);
  });
});

type NotebookRun = { page: Page; view: NotebookView; pageErrors: string[]; requests: string[] };

/** Opens a notebook (path under the server's root), runs all its cells from the menu and reads the page. */
async function openAndRunAll(browser: Browser, server: JupyterServer, path: string): Promise<NotebookRun> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  try {
    await page.goto(server.url(path));
    await runAllCells(page, 120_000);
    await waitForRunToEnd(page, 900_000);
    return { page, view: await inspectNotebook(page), pageErrors, requests };
  } catch (error) {
    await page.close();
    throw error;
  }
}

/** Checks one notebook of the workbook as the page shows it, photographs it, then closes and halts it. */
async function checkNotebook(browser: Browser, server: JupyterServer, path: string): Promise<void> {
  const name = basename(path, '.ipynb');
  const { page, view, pageErrors, requests } = await openAndRunAll(browser, server, path);
  try {
    await unscrollNotebook(page);
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    if (name.startsWith('04-'))
      await screenshotCells(page, README_SHOT, ['workbook.metrics', 'workbook.sql<']);
    assert.deepEqual(
      problems(name, view),
      [],
      `${name} as Jupyter shows it (screenshot: ${SHOTS}/${name}.png)`,
    );
    assert.ok(total(view, 'svgVisible') > 0, `${name} shows a chart or a drawing`);
    assert.ok(total(view, 'tablesVisible') > 0, `${name} shows a table`);
    assert.deepEqual(pageErrors, [], `${name}: uncaught errors in the page`);
    const beyond = requests.filter((url) => !url.startsWith('http://127.0.0.1:') && !url.startsWith('data:'));
    assert.deepEqual(beyond, [], `${name} requested something beyond the local server`);
    if (name.startsWith('04-')) await filterTopCustomers(page);
    await closeAndHaltAndWait(page, server, path);
  } finally {
    await page.close();
  }
}

/** File → Close and Halt, then waits until the server no longer has a session (a kernel) for `path`. */
async function closeAndHaltAndWait(page: Page, server: JupyterServer, path: string): Promise<void> {
  await closeAndHalt(page);
  const deadline = Date.now() + 60_000;
  while ((await server.sessions()).includes(path)) {
    if (Date.now() > deadline) assert.fail(`${path}: File → Close and Halt did not shut its kernel down`);
    await new Promise((wake) => setTimeout(wake, 250));
  }
}

/** In 04, a user filters the typed `sql` query's interactive table by the first customer it lists. */
async function filterTopCustomers(page: Page): Promise<void> {
  const caption = 'Top customers with at least';
  const customer = await firstCell(page, caption);
  assert.ok(customer.length > 0, 'the top-customers table lists a customer');
  const { status, rows } = await filterTable(page, caption, customer);
  assert.ok(rows.length >= 1, `filtering by ${customer} keeps its row`);
  for (const row of rows) assert.ok(row.includes(customer), `a filtered row without ${customer}: ${row}`);
  assert.match(status, new RegExp(`^rows 1–${rows.length} of ${rows.length}`));
}
