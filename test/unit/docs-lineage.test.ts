import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { docsSite } from '../../src/docs/docs-site';
import { type Layout, layoutDag } from '../../src/docs/lineage-layout';
import { lineageSvg } from '../../src/docs/lineage-svg';
import { renderPage } from '../../src/docs/render-page';
import { loadProject } from '../../src/models/load-project';

const SHOP = join(__dirname, '..', 'fixtures', 'projects', 'shop');

const node = (id: string) => ({ id, label: id });

function overlaps(layout: Layout): string[] {
  const found: string[] = [];
  for (const a of layout.nodes) {
    for (const b of layout.nodes) {
      if (a.id >= b.id) continue;
      const apart =
        a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      if (!apart) found.push(`${a.id}/${b.id}`);
    }
  }
  return found;
}

describe('docs lineage layout', () => {
  it('puts each node one layer right of its deepest parent, left to right', () => {
    const layout = layoutDag({
      nodes: ['src', 'a', 'b', 'c', 'side'].map(node),
      edges: [
        ['src', 'a'],
        ['a', 'b'],
        ['b', 'c'],
        ['src', 'c'],
        ['src', 'side'],
      ],
    });
    const layer = Object.fromEntries(layout.nodes.map((n) => [n.id, n.layer]));
    assert.deepEqual(layer, { src: 0, a: 1, b: 2, c: 3, side: 1 });
    const x = Object.fromEntries(layout.nodes.map((n) => [n.id, n.x]));
    assert.ok(
      (x.src as number) < (x.a as number) &&
        (x.a as number) < (x.b as number) &&
        (x.b as number) < (x.c as number),
    );
    assert.deepEqual(overlaps(layout), []);
    for (const n of layout.nodes) {
      assert.ok(
        n.x >= 0 && n.y >= 0 && n.x + n.width <= layout.width && n.y + n.height <= layout.height,
        n.id,
      );
    }
  });

  it('routes a long edge through a point per layer it crosses, from side to side of the boxes', () => {
    const layout = layoutDag({
      nodes: ['src', 'a', 'b', 'c'].map(node),
      edges: [
        ['src', 'a'],
        ['a', 'b'],
        ['b', 'c'],
        ['src', 'c'],
      ],
    });
    const long = layout.edges.find((edge) => edge.from === 'src' && edge.to === 'c');
    assert.ok(long);
    assert.equal(long.points.length, 2 + 2 * 2, 'two points for each of the two layers crossed');
    const src = layout.nodes.find((n) => n.id === 'src');
    const c = layout.nodes.find((n) => n.id === 'c');
    assert.deepEqual(long.points[0], [
      (src?.x ?? 0) + (src?.width ?? 0),
      (src?.y ?? 0) + (src?.height ?? 0) / 2,
    ]);
    assert.deepEqual(long.points.at(-1), [c?.x, (c?.y ?? 0) + (c?.height ?? 0) / 2]);
    // The dummy points sit in the crossed layers' rows but not on a box.
    for (const [x, y] of long.points.slice(1, -1)) {
      const onBox = layout.nodes.some((n) => x > n.x && x < n.x + n.width && y > n.y && y < n.y + n.height);
      assert.ok(!onBox, `point ${x},${y} lies on a box`);
    }
  });

  it('untangles a crossing that the input order would make', () => {
    // Input order pairs a1→b2 and a2→b1: drawn as given they cross; ordered, they need not.
    const layout = layoutDag({
      nodes: ['a1', 'a2', 'b1', 'b2'].map(node),
      edges: [
        ['a1', 'b2'],
        ['a2', 'b1'],
      ],
    });
    const y = new Map(layout.nodes.map((n) => [n.id, n.y]));
    const above = (upper: string, lower: string) => (y.get(upper) ?? NaN) < (y.get(lower) ?? NaN);
    // Each column's two nodes on distinct rows (a tie would hide a crossing), the edges not crossing.
    assert.notEqual(y.get('a1'), y.get('a2'));
    assert.notEqual(y.get('b1'), y.get('b2'));
    assert.equal(above('a1', 'a2'), above('b2', 'b1'), 'a1→b2 and a2→b1 drawn without crossing');
  });

  it('refuses a cycle', () => {
    assert.throws(
      () =>
        layoutDag({
          nodes: ['a', 'b'].map(node),
          edges: [
            ['a', 'b'],
            ['b', 'a'],
          ],
        }),
      /cycle/,
    );
  });

  it('draws one linked box per node, the current one highlighted and unlinked, all text escaped', () => {
    const svg = lineageSvg(
      [
        {
          id: 'model.a',
          label: 'a',
          kind: 'model view',
          href: 'models/a.html',
          title: 'uses <b> & "quotes"',
        },
        { id: 'model.b', label: 'b<script>', kind: 'model table', href: 'models/b.html' },
      ],
      [['model.a', 'model.b']],
      { current: 'model.b' },
    );
    assert.equal((svg.match(/<a /g) ?? []).length, 1);
    assert.match(svg, /<a class="node model view" data-id="model\.a" href="models\/a\.html">/);
    assert.match(svg, /<g class="node model table current" data-id="model\.b" aria-current="page">/);
    assert.match(svg, /uses &lt;b&gt; &amp; &quot;quotes&quot;/);
    assert.doesNotMatch(svg, /<script>/);
    assert.equal((svg.match(/class="edge"/g) ?? []).length, 1);
  });
});

describe('docs site content', () => {
  it('merges the warehouse columns (types, order) with the YAML descriptions and the last results', async () => {
    const project = await loadProject(SHOP);
    const site = docsSite({
      project,
      catalog: new Map([
        [
          'staging.stg_customers',
          [
            { name: 'customer_id', type: 'text' },
            { name: 'signed_up', type: 'date' },
          ],
        ],
      ]),
      lastRun: {
        generatedAt: '2024-01-01T00:00:00Z',
        results: new Map([['test.unique_stg_customers_customer_id', { status: 'fail', failures: 2 }]]),
      },
    });
    const customers = site.pages.find((page) => page.id === 'model.stg_customers');
    assert.ok(customers);
    assert.deepEqual(
      customers.columns.map((c) => [c.name, c.type, c.typeFrom, c.inWarehouse]),
      [
        ['customer_id', 'text', 'warehouse', true],
        ['signed_up', 'date', 'warehouse', true],
        ['customer_name', undefined, undefined, false],
      ],
    );
    assert.equal(customers.columns[0]?.description, 'Primary key.');
    assert.deepEqual(
      customers.columns[0]?.tests.map((t) => [t.type, t.result?.status]),
      [
        ['unique', 'fail'],
        ['not_null', undefined],
      ],
    );
    assert.equal(customers.built, true);
    const orders = site.pages.find((page) => page.id === 'model.stg_orders');
    assert.equal(orders?.built, false, 'not in the catalog: not built');
    assert.ok(orders?.columns.every((c) => c.inWarehouse === undefined && c.typeFrom !== 'warehouse'));
    assert.deepEqual(orders?.parents, ['source.raw.orders']);
    assert.deepEqual(orders?.children, ['model.customer_orders']);

    const html = renderPage(site, customers);
    assert.match(html, /<span class="status fail">fail \(2 rows\)<\/span>/);
    assert.match(html, /customer_name<\/code> <span class="missing">\(not in the warehouse\)/);
    assert.match(html, /href="\.\.\/models\/customer_orders\.html"/);
    assert.match(html, /<h2>Compiled SQL<\/h2><pre><code>select/);
  });
});
