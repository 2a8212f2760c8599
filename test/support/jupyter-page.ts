import type { Page } from 'playwright-core';

/**
 * Drives a notebook page of Jupyter Notebook 6 (the classic front end) as a user would: waits for
 * the kernel, runs every cell from the Cell menu, then reads what the page shows. The in-page
 * code is plain JavaScript in strings: functions compiled by tsx could carry helpers
 * (`__name`) that do not exist in the page.
 */

/** What one code cell shows after the run. */
export type CellView = {
  /** 1-based position among the code cells. */
  cell: number;
  /** The prompt, e.g. `In [3]:`; `In [ ]:` for a cell that never ran. */
  prompt: string;
  /** Text of error outputs and stderr streams (tslab reports a failed cell on stderr). */
  errors: string[];
  /** Outputs the kernel sent that the page renders as SVG (charts, diagrams) / as HTML (tables). */
  svgSent: number;
  htmlSent: number;
  /** Of those, how many are on the page with a non-zero size (SVG: with drawn marks; HTML: with visible table rows when it holds a table). */
  svgVisible: number;
  htmlVisible: number;
  tablesVisible: number;
  /** Interactive tables (`div.etl-table`) and how many of them their script enhanced (sort, filter, pages). */
  interactiveTables: number;
  enhancedTables: number;
};

export type NotebookView = { cells: CellView[]; dialogs: string[] };

const IDLE = '#kernel_indicator_icon.kernel_idle_icon';

/** Waits until the kernel has started and is idle, then clicks Cell → Run All. */
export async function runAllCells(page: Page, kernelTimeoutMs: number): Promise<void> {
  await page.waitForSelector(IDLE, { timeout: kernelTimeoutMs });
  await page.click('#celllink');
  await page.click('#run_all_cells > a');
}

/**
 * Waits until no cell is queued or running (`In [*]`) and the kernel is idle, or a dialog opened
 * (e.g. "Dead kernel"). A failed cell may leave the cells after it unrun: that ends the wait too.
 */
export async function waitForRunToEnd(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    `(() => {
      const dialog = [...document.querySelectorAll('.modal')].some((m) => m.classList.contains('in'));
      const prompts = [...document.querySelectorAll('.code_cell .input_prompt')].map((p) => p.textContent || '');
      return dialog || (!prompts.some((p) => p.includes('*')) && document.querySelector('${IDLE}') !== null);
    })()`,
    undefined,
    { timeout: timeoutMs, polling: 500 },
  );
}

/** Every code cell's prompt, errors and rendered outputs, and any open dialog. */
export function inspectNotebook(page: Page): Promise<NotebookView> {
  return page.evaluate(INSPECT) as Promise<NotebookView>;
}

const INSPECT = `(() => {
  const visible = (element) => {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
  };
  const code = Jupyter.notebook.get_cells().filter((cell) => cell.cell_type === 'code');
  const cells = code.map((cell, index) => {
    const root = cell.element[0];
    const outputs = cell.output_area.outputs.filter((o) => o.data);
    // Notebook 6 renders HTML before SVG when a bundle carries both; a vega-lite bundle shows its SVG.
    const html = outputs.filter((o) => o.data['text/html'] !== undefined).length;
    const svg = outputs.filter((o) => o.data['text/html'] === undefined && o.data['image/svg+xml'] !== undefined).length;
    const svgShown = [...root.querySelectorAll('.output_svg svg')].filter(
      (s) => visible(s) && s.querySelectorAll('path, rect, line, circle, text').length > 0,
    );
    const htmlShown = [...root.querySelectorAll('.output_html')].filter(visible);
    const tables = [...root.querySelectorAll('.output_html table')].filter(
      (t) => visible(t) && [...t.querySelectorAll('tr')].some(visible),
    );
    return {
      cell: index + 1,
      prompt: (root.querySelector('.input_prompt')?.textContent || '').replace(/\\s+/g, ' ').trim(),
      errors: [...root.querySelectorAll('.output_error, .output_stderr')].map((e) => (e.textContent || '').trim()),
      svgSent: svg,
      htmlSent: html,
      svgVisible: svgShown.length,
      htmlVisible: htmlShown.length,
      tablesVisible: tables.length,
      interactiveTables: root.querySelectorAll('.output_html .etl-table').length,
      enhancedTables: root.querySelectorAll('.output_html .etl-table[data-enhanced="true"]').length,
    };
  });
  const dialogs = [...document.querySelectorAll('.modal.in')].map((m) => (m.textContent || '').replace(/\\s+/g, ' ').trim());
  return { cells, dialogs };
})()`;

/** Types `needle` into the filter box of the interactive table captioned `caption`, as a user would; returns what it then shows. */
export async function filterTable(
  page: Page,
  caption: string,
  needle: string,
): Promise<{ status: string; rows: string[] }> {
  const table = page.locator('.etl-table', { has: page.locator('caption', { hasText: caption }) }).first();
  await table.locator('.etl-table-filter').pressSequentially(needle);
  return {
    status: (await table.locator('.etl-table-status').textContent()) ?? '',
    rows: await table.locator('tbody tr').allTextContents(),
  };
}

/** The text of the first body cell of the table captioned `caption`. */
export async function firstCell(page: Page, caption: string): Promise<string> {
  const table = page.locator('.output_html table', { has: page.locator('caption', { hasText: caption }) });
  return ((await table.first().locator('tbody td').first().textContent()) ?? '').trim();
}

/** File → Close and Halt: shuts the notebook's kernel down (the page may stay open headless). */
export async function closeAndHalt(page: Page): Promise<void> {
  await page.click('#filelink');
  await page.click('#close_and_halt > a');
}

/** Lets the notebook grow to its full height (Notebook 6 scrolls inside #site), for full-page screenshots. */
export async function unscrollNotebook(page: Page): Promise<void> {
  await page.addStyleTag({
    content:
      '#site { height: auto !important; overflow: visible !important; } body { overflow: visible !important; }',
  });
}

/** Screenshot of the cells (any type) whose source contains one of `texts`, from the first to the last; each text must be found. */
export async function screenshotCells(page: Page, file: string, texts: string[]): Promise<void> {
  const clip = (await page.evaluate(`(() => {
    const texts = ${JSON.stringify(texts)};
    const cells = Jupyter.notebook.get_cells();
    if (!texts.every((text) => cells.some((cell) => cell.get_text().includes(text)))) return null;
    const boxes = cells
      .filter((cell) => texts.some((text) => cell.get_text().includes(text)))
      .map((cell) => cell.element[0].getBoundingClientRect());
    const top = Math.min(...boxes.map((b) => b.top)), bottom = Math.max(...boxes.map((b) => b.bottom));
    const left = Math.min(...boxes.map((b) => b.left)), right = Math.max(...boxes.map((b) => b.right));
    return { x: left + scrollX, y: top + scrollY, width: right - left, height: bottom - top };
  })()`)) as { x: number; y: number; width: number; height: number } | null;
  if (clip === null) throw new Error(`screenshotCells: not every one of ${texts.join(', ')} is in a cell`);
  await page.screenshot({ path: file, fullPage: true, clip });
}
