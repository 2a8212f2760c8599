import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { typesCommand } from '../../src/cli/commands/types-command';
import { at } from '../../src/common/at';
import { readKpiSpecs } from '../../src/kpis/kpi-spec';
import { loadSemanticLayer } from '../../src/metrics/load-semantic-layer';
import { loadProject } from '../../src/models/load-project';
import { type ProjectTypes, projectTypes } from '../../src/typegen/project-types';
import { renderTypes } from '../../src/typegen/render-types';
import { tsTypeOf } from '../../src/typegen/sql-to-ts';
import type { Catalog } from '../../src/warehouse/introspector';
import { capture } from '../support/capture-command';

const ROOT = resolve(__dirname, '../..');
const PROJECT = join(ROOT, 'sql');

// dim_stores as a built warehouse would describe it (the other marts are "not built")
const CATALOG: Catalog = new Map([
  [
    'marts.dim_stores',
    [
      { name: 'store_id', type: 'text' },
      { name: 'store_name', type: 'varchar(256)' },
      { name: 'tax_rate', type: 'numeric(6,4)' },
      { name: 'opened_at', type: 'timestamp' },
      { name: 'store_count', type: 'bigint' },
    ],
  ],
]);

async function typesOfProject(catalog?: Catalog): Promise<ProjectTypes> {
  const [project, kpis, layer] = await Promise.all([
    loadProject(PROJECT),
    readKpiSpecs(PROJECT),
    loadSemanticLayer(PROJECT),
  ]);
  return projectTypes(project, kpis, layer, catalog);
}

/** Type-checks each cell (strict) beside the generated declarations, in one program: its diagnostics by cell. */
function typeErrors(declarations: string, cells: readonly string[]): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'etl-typegen-'));
  try {
    writeFileSync(join(dir, 'warehouse.d.ts'), declarations);
    const files = cells.map((code, index) => {
      const file = join(dir, `cell${index}.ts`);
      writeFileSync(file, code);
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      skipLibCheck: true,
      types: [],
    });
    return files.map((file) =>
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('etl-workbook types: TypeScript types of the marts, the KPI rows and metric queries', function () {
  this.timeout(60_000);

  it('maps SQL types to what the sql template (rows) and the driver return', () => {
    assert.equal(tsTypeOf('numeric(12,2)', 'rows'), 'number');
    assert.equal(tsTypeOf('numeric(12,2)', 'driver'), 'string');
    assert.equal(tsTypeOf('bigint', 'driver'), 'string');
    assert.equal(tsTypeOf('integer', 'driver'), 'number');
    assert.equal(tsTypeOf('character varying', 'rows'), 'string');
    assert.equal(tsTypeOf('timestamp without time zone', 'rows'), 'string');
    assert.equal(tsTypeOf('timestamp with time zone', 'rows'), 'Date');
    assert.equal(tsTypeOf('boolean', 'rows'), 'boolean');
    assert.equal(tsTypeOf(undefined, 'rows'), 'unknown');
    assert.equal(tsTypeOf('geometry', 'rows'), 'unknown');
  });

  it('types built marts from the catalog, the others from the YAML, not_null columns without null', async () => {
    const types = await typesOfProject(CATALOG);
    const stores = types.marts.find((mart) => mart.name === 'dim_stores');
    const orders = types.marts.find((mart) => mart.name === 'fct_orders');
    assert.equal(stores?.columnsFrom, 'catalog');
    assert.deepEqual(
      stores?.columns.map((c) => [c.name, c.type]),
      CATALOG.get('marts.dim_stores')?.map((c) => [
        c.name,
        c.type === 'varchar(256)' || c.type === 'text' || c.type === 'timestamp' ? 'string' : 'number',
      ]),
    );
    // store_id is tested not_null in _marts__models.yml; store_count is not declared there
    assert.equal(stores?.columns.find((c) => c.name === 'store_id')?.nullable, false);
    assert.equal(stores?.columns.find((c) => c.name === 'store_count')?.nullable, true);
    assert.equal(orders?.columnsFrom, 'yaml');
    assert.ok(orders?.columns.some((c) => c.name === 'order_id'));
  });

  it('gives each KPI a row type with kpis.yml columns, and every metric and group-by name', async () => {
    const types = await typesOfProject();
    const product = types.kpis.find((kpi) => kpi.name === 'product_performance');
    assert.equal(product?.typeName, 'ProductPerformanceRow');
    assert.deepEqual(product?.columns.map((c) => `${c.name}:${c.type}`).slice(-2), [
      'supply_cost:number',
      'gross_margin:number',
    ]);
    assert.equal(types.kpis.find((kpi) => kpi.name === 'customer_summary')?.shape, 'one');
    const names = types.metrics.map((metric) => metric.name);
    for (const metric of ['revenue', 'order_count', 'cumulative_revenue'])
      assert.ok(names.includes(metric), metric);
    const groupBy = new Map(types.groupBy.map((group) => [group.name, group.type]));
    assert.equal(groupBy.get('metric_time__quarter'), 'string');
    assert.equal(groupBy.get('store__opened_date__month'), 'string');
    assert.ok(groupBy.has('store__region'));
    assert.ok(!groupBy.has('order__region'), 'region belongs to stores, keyed by store only');
  });

  it('lets a cell that uses the right names type-check, and names the wrong one otherwise', async () => {
    const declarations = renderTypes(await typesOfProject(CATALOG));
    const cell = (body: string) => `import type { Kpis, Marts, ProjectMetrics } from './warehouse';
declare const kpis: Kpis;
declare const metrics: ProjectMetrics;
declare const store: Marts['dim_stores'];
export async function cell() {
${body}
}`;
    const good =
      cell(`  const result = await metrics({ metrics: ['revenue'], groupBy: ['store__region', 'metric_time__month'], orderBy: ['-revenue'] });
  const revenue: number | null = result.rows[0].revenue;
  const month: string = result.rows[0].metric_time__month;
  const margin: number | null = kpis.product_performance[0].gross_margin;
  const customers: number | null = kpis.customer_summary?.customers ?? null;
  const name: string | null = store.store_name;
  return [revenue, month, margin, customers, name];`);
    const cases: Array<[string, RegExp]> = [
      ["await metrics({ metrics: ['revnue'] });", /"revnue"/],
      ["(await metrics({ metrics: ['revenue'] })).rows[0].order_count;", /order_count/],
      ["await metrics({ metrics: ['revenue'], groupBy: ['store__nope'] });", /"store__nope"/],
      [
        'kpis.product_performance[0].margin;',
        /Property 'margin' does not exist on type 'ProductPerformanceRow'/,
      ],
      ['store.store_nme;', /store_nme/],
    ];
    const [goodErrors, ...caseErrors] = typeErrors(declarations, [
      good,
      ...cases.map(([body]) => cell(`  ${body}`)),
    ]);
    assert.deepEqual(goodErrors, []);
    cases.forEach(([body, expected], index) => {
      const errors = at(caseErrors, index, "a case's errors");
      assert.ok(
        errors.some((error) => expected.test(error)),
        `${body}: ${errors.join(' | ') || 'no error'}`,
      );
    });
  });

  it('etl-workbook types --no-warehouse writes target/types/warehouse.d.ts and sums it up', async () => {
    const out = mkdtempSync(join(tmpdir(), 'etl-types-cli-'));
    try {
      const { code, stdout } = await capture(typesCommand, ['--no-warehouse', '--out', out], {});
      assert.equal(code, 0);
      assert.match(
        stdout,
        /Wrote .*warehouse\.d\.ts: 6 marts \(from the YAML\), 6 KPIs, \d+ metrics, \d+ group-by names\./,
      );
      const file = join(out, 'types', 'warehouse.d.ts');
      assert.ok(existsSync(file));
      assert.match(
        readFileSync(file, 'utf8'),
        /export type Kpis = \{\n {2}revenue_by_store_month: RevenueByStoreMonthRow\[\];/,
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
