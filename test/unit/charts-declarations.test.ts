import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(__dirname, '../..');

/**
 * Notebooks import the compiled dist/ through tslab's own TypeScript 5.0.4 with Node10
 * resolution, which cannot resolve vega-lite's types (DESIGN.md). So the declarations of
 * src/charts and src/report must name no vega type, and must still type-check a notebook's use.
 */
describe('chart and report declarations (what tslab reads from dist/)', function () {
  this.timeout(60_000);
  let out: string;
  const declarations = new Map<string, string>();

  before(() => {
    out = mkdtempSync(join(tmpdir(), 'etl-charts-dts-'));
    const options: ts.CompilerOptions = {
      declaration: true,
      emitDeclarationOnly: true,
      rootDir: join(root, 'src'),
      outDir: join(out, 'dist'),
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
    };
    const entries = [join(root, 'src/charts/index.ts'), join(root, 'src/report/index.ts')];
    const program = ts.createProgram(entries, options);
    const result = program.emit(undefined, (file, text) => {
      if (!file.endsWith('.d.ts')) return;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      declarations.set(relative(out, file), text);
    });
    assert.deepEqual(result.diagnostics.map(String), []);
  });

  after(() => rmSync(out, { recursive: true, force: true }));

  it('never import vega or vega-lite types', () => {
    assert.ok(declarations.has(join('dist', 'charts', 'index.d.ts')));
    assert.ok(declarations.has(join('dist', 'report', 'index.d.ts')));
    const vegaImport = /(from\s*|import\(\s*|require\(\s*|reference types=)['"]vega(-[a-z]+)?['"/]/;
    const offenders = [...declarations].flatMap(([file, text]) =>
      text
        .split('\n')
        .filter((line) => vegaImport.test(line))
        .map((line) => `${file}: ${line}`),
    );
    assert.deepEqual(offenders, []);
  });

  it("type-check a notebook's use with tslab's TypeScript 5.0 and Node10 resolution", () => {
    const tslabTs = require('@tslab/typescript-for-tslab') as typeof ts;
    const notebook = join(out, 'notebooks', 'use.ts');
    mkdirSync(dirname(notebook), { recursive: true });
    writeFileSync(
      notebook,
      `import { barChart, display, heatmap, render, type ChartSpec } from '../dist/charts';
import { writeReport, type ReportInput } from '../dist/report';
const rows = [{ store: 'Brooklyn', month: '2024-01', revenue: '12.50' }];
const spec: ChartSpec = barChart(rows, { x: 'store', y: 'revenue', format: 'money', horizontal: true });
const done: Promise<void> = display(heatmap(rows, { x: 'month', y: 'store', value: 'revenue' }));
const file: Promise<string> = render(spec, 'chart.png', { scale: 1 });
// @ts-expect-error 'euros' is not a ValueFormat: proves the options are typed, not any.
barChart(rows, { x: 'store', y: 'revenue', format: 'euros' });
const input: ReportInput = { title: 't', generatedAt: 'now', kpis: {}, tests: [{ name: 'n', status: 'pass' }] };
const page: Promise<string> = writeReport(input, 'report.html');
export { done, file, page };
`,
    );
    const program = tslabTs.createProgram([notebook], {
      module: tslabTs.ModuleKind.CommonJS,
      moduleResolution: tslabTs.ModuleResolutionKind.Node10,
      target: tslabTs.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      typeRoots: [join(root, 'node_modules/@types')],
      types: ['node'],
    });
    assert.equal(tslabTs.version, '5.0.4');
    const diagnostics = tslabTs
      .getPreEmitDiagnostics(program)
      .map((d) => tslabTs.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(diagnostics, []);
  });
});
