import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NotebookError, runNotebook } from '../../src/notebooks';
import { runPipeline } from '../../src/pipeline/run-pipeline';
import { generateTypes } from '../../src/typegen/generate-types';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { writeMiniDataset } from '../support/mini-dataset';
import { requireDist } from '../support/require-dist';
import { testConnection, testWarehouse } from '../support/test-warehouse';

const ROOT = resolve(__dirname, '../..');

/**
 * The generated types reach the notebook cells: in a copy of the project whose KPI
 * product_performance renamed gross_margin (kpis.yml and its SQL agree, so the KPI itself runs),
 * notebook 04 runs through the real tslab kernel until the cell that still reads
 * `row.gross_margin`, and that cell fails its type check naming the column.
 */
describe('typed notebook cells: a renamed KPI column fails the type check of the cell using it', function () {
  this.timeout(300_000);
  let warehouse: Warehouse & { database: string };
  let work: string;

  before(async function () {
    requireDist(this, 'index.js'); // the notebook imports the compiled library (../dist)
    work = mkdtempSync(join(tmpdir(), 'etl-typed-notebook-'));
    cpSync(join(ROOT, 'sql'), join(work, 'sql'), { recursive: true });
    mkdirSync(join(work, 'notebooks'));
    cpSync(
      join(ROOT, 'notebooks', '04-kpi-analysis.ipynb'),
      join(work, 'notebooks', '04-kpi-analysis.ipynb'),
    );
    symlinkSync(join(ROOT, 'dist'), join(work, 'dist'));
    symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'));
    renameKpiColumn(join(work, 'sql'), 'gross_margin', 'margin_after_supplies');

    warehouse = await testWarehouse();
    const result = await runPipeline(warehouse, {
      dataDir: writeMiniDataset(),
      projectDir: join(work, 'sql'),
      outDir: join(work, 'target'),
    });
    assert.ok(result.ok, 'the renamed project builds and computes its KPIs');
    await generateTypes({ projectDir: join(work, 'sql'), outDir: join(work, 'target'), warehouse });
  });
  after(async () => {
    await warehouse?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('declares the new name in the generated types', () => {
    const types = readFileSync(join(work, 'target', 'types', 'warehouse.d.ts'), 'utf8');
    assert.match(
      types,
      /Marts' columns from the warehouse catalog;/,
      'the marts were built: their catalog types',
    );
    assert.match(types, /export type FctOrders = \{[^}]*\border_id: string;/);
    const row = types.slice(types.indexOf('export type ProductPerformanceRow'));
    assert.match(row.slice(0, row.indexOf('};')), /margin_after_supplies: number \| null;/);
    assert.doesNotMatch(row.slice(0, row.indexOf('};')), /\bgross_margin\b/);
  });

  it('stops notebook 04 at the product cell with a type error naming gross_margin', async () => {
    const base = await testConnection();
    const url = `postgres://${base.user}:${encodeURIComponent(base.password ?? '')}@${base.host}:${base.port}/${warehouse.database}`;
    const error = await runNotebook(join(work, 'notebooks', '04-kpi-analysis.ipynb'), {
      outDir: join(work, 'executed'),
      env: { ETL_TARGET: 'postgres', DATABASE_URL: url, ETL_OUT_DIR: join(work, 'target') },
    }).then(
      () => assert.fail('the notebook ran through although a cell reads a renamed column'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof NotebookError, String(error));
    const { cell, errorText, reason } = error;
    assert.equal(reason, 'cell-error', errorText);
    assert.match(cell?.source ?? '', /row\.gross_margin/, errorText);
    // the cells before it (imports, kpiStep with the typed Kpis, tables, charts) ran
    assert.match(cell?.source ?? '', /row\.gross_margin/);
    assert.ok((cell?.index ?? 0) > 1, `failed in code cell ${cell?.index}, after the first`);
    assert.match(errorText ?? '', /Property 'gross_margin' does not exist on type/);
    assert.match(errorText ?? '', /ProductPerformanceRow/);
  });
});

/** Renames an output column of the product_performance KPI in kpis.yml and in its SQL. */
function renameKpiColumn(projectDir: string, from: string, to: string): void {
  for (const file of [
    join(projectDir, 'analysis', 'kpis.yml'),
    join(projectDir, 'analysis', 'product_performance.sql'),
  ]) {
    const text = readFileSync(file, 'utf8');
    const renamed = file.endsWith('.yml')
      ? text.replace(new RegExp(`(- name: product_performance[\\s\\S]*?)\\b${from}:`), `$1${to}:`)
      : text.replace(new RegExp(`as ${from}\\b`), `as ${to}`);
    assert.notEqual(renamed, text, `${file} names ${from}`);
    writeFileSync(file, renamed);
  }
}
