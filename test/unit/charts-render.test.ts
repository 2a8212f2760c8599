import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Module } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  barChart,
  chartText,
  type DisplayBundle,
  display,
  displayBundle,
  heatmap,
  render,
  renderSvg,
  stackedBarChart,
  svgToPng,
  vegaLiteMimeType,
} from '../../src/charts';

const rows = [
  { store: 'Philadelphia', revenue: 366558.6 },
  { store: 'Brooklyn', revenue: 291220.8 },
];

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual(
    [...png.subarray(0, 8)],
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    'PNG signature',
  );
  assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Width and height attributes of the root svg element. */
function svgSize(svg: string): { width: number; height: number } {
  const match = /^<svg [^>]*width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  assert.ok(match, 'the SVG states its size');
  return { width: Number(match[1]), height: Number(match[2]) };
}

describe('chart rendering', () => {
  let out: string;
  before(() => {
    out = mkdtempSync(join(tmpdir(), 'etl-charts-'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('renderSvg gives a standalone SVG document with the theme font', async () => {
    const svg = await renderSvg(barChart(rows, { x: 'store', y: 'revenue', title: 'Revenue by store' }));
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(svg.includes('font-family="Helvetica, Arial, &quot;DejaVu Sans&quot;'));
    const { width, height } = svgSize(svg);
    assert.ok(width > 560 && height > 280, `${width}×${height} includes axes around the 560×280 plot`);
  });

  it('render writes an .svg file and resolves with its absolute path', async () => {
    const file = join(out, 'nested', 'bar.svg');
    const written = await render(
      barChart(rows, { x: 'store', y: 'revenue', title: 'Revenue by store' }),
      file,
    );
    assert.equal(written, file);
    assert.ok(readFileSync(file, 'utf8').includes('>Revenue by store</text>'));
  });

  it('render writes a PNG twice the SVG size by default, or at the scale asked', async () => {
    const spec = heatmap(
      [
        { store: 'Philadelphia', month: '2024-01', revenue: 10 },
        { store: 'Brooklyn', month: '2024-02', revenue: 20 },
      ],
      { x: 'month', y: 'store', value: 'revenue', format: 'money' },
    );
    const svg = svgSize(await renderSvg(spec));
    await render(spec, join(out, 'heat.png'));
    assert.deepEqual(pngSize(readFileSync(join(out, 'heat.png'))), {
      width: Math.ceil(svg.width * 2),
      height: Math.ceil(svg.height * 2),
    });
    await render(spec, join(out, 'heat-1x.PNG'), { scale: 1 });
    assert.deepEqual(pngSize(readFileSync(join(out, 'heat-1x.PNG'))), {
      width: Math.ceil(svg.width),
      height: Math.ceil(svg.height),
    });
  });

  it('svgToPng draws text with the system fonts (a text-only image is not blank)', () => {
    const box = (text: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="10" y="28" font-family="Helvetica, Arial, &quot;DejaVu Sans&quot;, sans-serif" font-size="20">${text}</text></svg>`;
    const blank = svgToPng(box(''));
    const text = svgToPng(box('Revenue $1,234'));
    assert.deepEqual(pngSize(text), { width: 200, height: 40 });
    assert.ok(text.length > blank.length + 200, `text PNG ${text.length} B vs blank ${blank.length} B`);
  });

  it('hands vega-lite and vega warnings to onWarning instead of the console', async () => {
    const warnings: string[] = [];
    const invalid = {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      data: { values: [{ a: 1 }] },
      mark: 'bar',
      encoding: { x: { field: 'a', type: 'quantitative', aggregate: 'bogus' } },
    };
    await renderSvg(invalid, (message) => warnings.push(message));
    const many = Array.from({ length: 40 }, (_, i) => ({ store: 'A', product: `p${i}`, revenue: 1 }));
    await renderSvg(stackedBarChart(many, { x: 'store', y: 'revenue', color: 'product' }), (m) =>
      warnings.push(m),
    );
    assert.deepEqual(warnings, [
      'vega-lite: Invalid aggregation operator "bogus".',
      'vega: Symbol legend count exceeds limit, filtering items.',
    ]);
  });

  it('render refuses a file that is neither .svg nor .png, saying so', async () => {
    await assert.rejects(
      render(barChart(rows, { x: 'store', y: 'revenue' }), join(out, 'bar.jpg')),
      /must end in \.svg or \.png/,
    );
  });
});

describe('display', () => {
  const spec = barChart(rows, { x: 'store', y: 'revenue', format: 'money', title: 'Revenue by store' });
  const fakeTslab = join(tmpdir(), 'fake', 'node_modules', 'tslab', 'dist', 'jupyter.js');

  afterEach(() => {
    delete require.cache[fakeTslab];
  });

  it('displayBundle carries the vega-lite spec, the SVG and a text line', () => {
    const bundle = displayBundle(spec, '<svg/>');
    assert.deepEqual(Object.keys(bundle.data).sort(), [
      'application/vnd.vegalite.v5+json',
      'image/svg+xml',
      'text/plain',
    ]);
    assert.equal(vegaLiteMimeType, 'application/vnd.vegalite.v5+json');
    assert.equal(bundle.data[vegaLiteMimeType], spec);
    assert.equal(bundle.data['image/svg+xml'], '<svg/>');
    assert.equal(bundle.data['text/plain'], 'Revenue by store (bar chart, 2 rows)');
    assert.deepEqual(bundle.metadata, {});
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(bundle)), 'the bundle is plain JSON');
  });

  it('chartText names layered charts by their first mark', () => {
    const labelled = barChart(rows, { x: 'store', y: 'revenue', labels: true, title: 'Stores' });
    assert.equal(chartText(labelled), 'Stores (bar chart, 2 rows)');
    assert.equal(
      chartText({ $schema: 'x', mark: 'rect', data: { values: [{}] } }),
      'Untitled chart (heatmap chart, 1 row)',
    );
  });

  it('sends ONE display_data message with the three mime types inside a tslab kernel', async () => {
    const sent: { content: DisplayBundle & { transient: object }; update: boolean }[] = [];
    // What a tslab kernel has loaded: its dist/jupyter.js, with the running cell's writer.
    const kernelModule = new Module(fakeTslab);
    Object.assign(kernelModule.exports, {
      lastWriteDisplayData: (content: DisplayBundle & { transient: object }, update: boolean) =>
        sent.push({ content, update }),
    });
    require.cache[fakeTslab] = kernelModule;
    await display(spec);
    assert.equal(sent.length, 1);
    const [message] = sent;
    assert.ok(message);
    assert.equal(message.update, false);
    assert.deepEqual(Object.keys(message.content.data).sort(), [
      'application/vnd.vegalite.v5+json',
      'image/svg+xml',
      'text/plain',
    ]);
    assert.match(message.content.data['image/svg+xml'], /^<svg[\s\S]*>Revenue by store<\/text>/);
    assert.deepEqual(message.content.transient, {});
  });

  it('prints the text line outside a kernel (plain Node) instead of failing', async () => {
    const printed: unknown[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => printed.push(args.join(' '));
    try {
      await display(spec);
    } finally {
      console.log = log;
    }
    assert.deepEqual(printed, ['Revenue by store (bar chart, 2 rows)']);
  });
});
