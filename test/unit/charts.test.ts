import assert from 'node:assert/strict';
import {
  barChart,
  type ChartSpec,
  groupedBarChart,
  heatmap,
  lineChart,
  renderSvg,
  scatterChart,
  stackedBarChart,
  theme,
} from '../../src/charts';

// biome-ignore lint/suspicious/noExplicitAny: the tests read deep into plain spec JSON.
type Json = Record<string, any>;

const stores = [
  {
    store: 'Philadelphia',
    orders: 23054,
    revenue: '366558.60',
    avg_order_value: '15.90',
    tax_rate: '0.0600',
  },
  { store: 'Brooklyn', orders: 18668, revenue: '291220.80', avg_order_value: '15.60', tax_rate: '0.0400' },
  { store: 'Chicago', orders: 13064, revenue: '198572.80', avg_order_value: '15.20', tax_rate: '0.0625' },
];

const months = [
  { store: 'Philadelphia', month: '2024-01', revenue: 1200.5 },
  { store: 'Philadelphia', month: '2024-02', revenue: 1320 },
  { store: 'Philadelphia', month: '2024-03', revenue: 1410.25 },
  { store: 'Brooklyn', month: '2024-02', revenue: 900 },
  { store: 'Brooklyn', month: '2024-03', revenue: 980 },
];

const products = [
  {
    product_name: 'nutellaphone who dis?',
    product_type: 'jaffle',
    units_sold: 9200,
    revenue: 101200,
    gross_margin: 63480,
  },
  {
    product_name: 'doctor stew',
    product_type: 'jaffle',
    units_sold: 8700,
    revenue: 95700,
    gross_margin: 49590,
  },
  {
    product_name: 'tangaroo',
    product_type: 'beverage',
    units_sold: 9800,
    revenue: 58800,
    gross_margin: 47040,
  },
  {
    product_name: 'adele-ade',
    product_type: 'beverage',
    units_sold: 4300,
    revenue: 17200,
    gross_margin: 14620,
  },
];

const mix = [
  { store: 'Philadelphia', product_type: 'jaffle', revenue: 200 },
  { store: 'Philadelphia', product_type: 'beverage', revenue: 100 },
  { store: 'Brooklyn', product_type: 'jaffle', revenue: 150 },
  { store: 'Brooklyn', product_type: 'beverage', revenue: 120 },
];

/** The spec as loose JSON, to read nested properties. */
const json = (spec: ChartSpec): Json => spec as Json;

/** Renders through vega-lite and vega; any vega-lite warning fails the test. */
async function svgOf(spec: ChartSpec | Json): Promise<string> {
  const warnings: string[] = [];
  const svg = await renderSvg(spec as ChartSpec, (message) => warnings.push(message));
  assert.deepEqual(warnings, [], 'vega-lite compiled the spec without warnings');
  return svg;
}

/** Items drawn by the mark groups of `type` (vega writes one element per datum inside each). */
function markCount(svg: string, type: 'rect' | 'symbol' | 'text', element: string): number {
  const groups = svg.split(`class="mark-${type} role-mark`).slice(1);
  assert.ok(groups.length > 0, `the SVG has a ${type} mark`);
  return groups.reduce(
    (count, group) => count + group.slice(0, group.indexOf('</g>')).split(`<${element}`).length - 1,
    0,
  );
}

describe('chart factories', () => {
  describe('barChart', () => {
    it('builds a themed vega-lite v5 bar spec with money formats, title and tooltip', () => {
      const spec = json(
        barChart(stores, { x: 'store', y: 'revenue', format: 'money', title: 'Revenue by store' }),
      );
      assert.equal(spec.$schema, 'https://vega.github.io/schema/vega-lite/v5.json');
      assert.deepEqual(spec.title, { text: 'Revenue by store' });
      assert.deepEqual(spec.mark, { type: 'bar' });
      assert.equal(spec.encoding.x.field, 'store');
      assert.equal(spec.encoding.x.type, 'nominal');
      assert.equal(spec.encoding.y.field, 'revenue');
      assert.equal(spec.encoding.y.type, 'quantitative');
      assert.equal(spec.encoding.y.axis.format, '$,.0f');
      assert.deepEqual(
        spec.encoding.tooltip.map((t: Json) => [t.field, t.format]),
        [
          ['store', undefined],
          ['revenue', '$,.2f'],
        ],
      );
      assert.equal(spec.config.font, theme.font);
      assert.ok(Array.isArray(spec.config.range.category), 'the theme palette is part of the spec');
    });

    it('turns numeric strings (pg numeric) into numbers and keeps the rows order by default', () => {
      const spec = json(barChart(stores, { x: 'store', y: 'revenue' }));
      assert.deepEqual(
        spec.data.values.map((row: Json) => row.revenue),
        [366558.6, 291220.8, 198572.8],
      );
      assert.equal(stores[0]?.revenue, '366558.60', 'the caller rows are not modified');
      assert.equal(spec.encoding.x.sort, null);
      assert.equal(spec.encoding.y.axis.format, ',', 'plain numbers by default');
    });

    it('derives a title from the fields when none is given', () => {
      assert.deepEqual(json(barChart(stores, { x: 'store', y: 'avg_order_value' })).title, {
        text: 'Avg order value by store',
      });
    });

    it('puts categories on y when horizontal, sorts by value and adds value labels', () => {
      const spec = json(
        barChart(stores, {
          x: 'store',
          y: 'revenue',
          format: 'money',
          horizontal: true,
          sort: 'descending',
          labels: true,
        }),
      );
      assert.equal(spec.encoding.y.field, 'store');
      assert.equal(spec.encoding.x.field, 'revenue');
      assert.equal(spec.encoding.y.sort, '-x');
      assert.equal(spec.layer.length, 2);
      assert.equal(spec.layer[1].mark.type, 'text');
      assert.equal(spec.layer[1].encoding.text.format, '$,.0f');
    });

    it('formats percentages as .1% and labels small money amounts with cents', () => {
      const percent = json(barChart(stores, { x: 'store', y: 'tax_rate', format: 'percent' }));
      assert.equal(percent.encoding.y.axis.format, '.1%');
      assert.equal(percent.encoding.tooltip[1].format, '.1%');
      const aov = json(barChart(stores, { x: 'store', y: 'avg_order_value', format: 'money', labels: true }));
      assert.equal(aov.layer[1].encoding.text.format, '$,.2f');
    });

    it('accepts an explicit category order', () => {
      const spec = json(
        barChart(stores, { x: 'store', y: 'orders', sort: ['Chicago', 'Brooklyn', 'Philadelphia'] }),
      );
      assert.deepEqual(spec.encoding.x.sort, ['Chicago', 'Brooklyn', 'Philadelphia']);
    });

    it('renders one bar per row, with the title, axis labels and formatted ticks', async () => {
      const svg = await svgOf(
        barChart(stores, { x: 'store', y: 'revenue', format: 'money', title: 'Revenue by store' }),
      );
      assert.match(svg, /^<svg /);
      assert.ok(svg.includes('>Revenue by store</text>'));
      for (const store of ['Philadelphia', 'Brooklyn', 'Chicago'])
        assert.ok(svg.includes(`>${store}</text>`));
      assert.ok(svg.includes('>$100,000</text>'), 'money axis ticks');
      assert.equal(markCount(svg, 'rect', 'path'), stores.length);
    });
  });

  describe('groupedBarChart and stackedBarChart', () => {
    it('places grouped bars side by side with an offset channel', async () => {
      const spec = json(
        groupedBarChart(mix, { x: 'store', y: 'revenue', color: 'product_type', format: 'money' }),
      );
      assert.deepEqual(spec.encoding.xOffset, { field: 'product_type', sort: null });
      assert.equal(spec.encoding.color.field, 'product_type');
      assert.equal(spec.encoding.y.stack, null);
      assert.equal(markCount(await svgOf(spec), 'rect', 'path'), mix.length);
    });

    it('uses yOffset and a per-position step for horizontal groups', () => {
      const spec = json(
        groupedBarChart(mix, { x: 'store', y: 'revenue', color: 'product_type', horizontal: true }),
      );
      assert.equal(spec.encoding.yOffset.field, 'product_type');
      assert.deepEqual(spec.height, { step: 36, for: 'position' });
    });

    it('stacks segments, or normalizes them to shares', async () => {
      const stacked = json(
        stackedBarChart(mix, { x: 'store', y: 'revenue', color: 'product_type', format: 'money' }),
      );
      assert.equal(stacked.encoding.y.stack, 'zero');
      assert.equal(stacked.encoding.y.axis.format, '$,.0f');
      const shares = json(
        stackedBarChart(mix, { x: 'store', y: 'revenue', color: 'product_type', normalize: true }),
      );
      assert.equal(shares.encoding.y.stack, 'normalize');
      assert.equal(shares.encoding.y.axis.format, '.0%');
      const svg = await svgOf(shares);
      assert.equal(markCount(svg, 'rect', 'path'), mix.length);
      assert.ok(svg.includes('>100%</text>'));
    });
  });

  describe('lineChart', () => {
    it("reads 'YYYY-MM' months as a UTC time axis and draws a line per color", () => {
      const spec = json(lineChart(months, { x: 'month', y: 'revenue', color: 'store', format: 'money' }));
      assert.deepEqual(spec.mark, { type: 'line', interpolate: 'monotone', point: true });
      assert.equal(spec.encoding.x.type, 'temporal');
      assert.equal(spec.encoding.x.timeUnit, 'utcyearmonth');
      assert.equal(spec.encoding.x.axis.format, '%b %Y');
      assert.equal(spec.encoding.y.axis.format, '$,.0f');
      assert.equal(spec.encoding.color.field, 'store');
      const month = spec.encoding.tooltip.find((t: Json) => t.field === 'month');
      assert.equal(month.format, '%B %Y');
    });

    it('uses a quantitative axis for numbers and ordinal for text', () => {
      const numbers = json(lineChart([{ day: 1, v: 2 }], { x: 'day', y: 'v' }));
      assert.equal(numbers.encoding.x.type, 'quantitative');
      const text = json(lineChart([{ weekday: 'Mon', v: 2 }], { x: 'weekday', y: 'v' }));
      assert.equal(text.encoding.x.type, 'ordinal');
    });

    it('turns Date values into calendar days on a time axis', () => {
      const spec = json(lineChart([{ day: new Date(2024, 0, 31), v: 1 }], { x: 'day', y: 'v' }));
      assert.equal(spec.data.values[0].day, '2024-01-31');
      assert.equal(spec.encoding.x.timeUnit, 'utcyearmonthdate');
    });

    it('renders one point per row and month tick labels', async () => {
      const svg = await svgOf(
        lineChart(months, { x: 'month', y: 'revenue', color: 'store', format: 'money' }),
      );
      assert.equal(markCount(svg, 'symbol', 'path'), months.length);
      assert.ok(svg.includes('>Jan 2024</text>'), 'January is not shifted to December by a time zone');
    });
  });

  describe('heatmap', () => {
    it('colors one cell per (x, y) by the value with a sequential scheme', async () => {
      const spec = json(heatmap(months, { x: 'month', y: 'store', value: 'revenue', format: 'money' }));
      assert.deepEqual(spec.mark, { type: 'rect' });
      assert.equal(spec.encoding.x.type, 'ordinal');
      assert.equal(spec.encoding.x.timeUnit, 'utcyearmonth');
      assert.equal(spec.encoding.y.field, 'store');
      assert.equal(spec.encoding.color.field, 'revenue');
      assert.equal(spec.encoding.color.scale.scheme, 'blues');
      assert.equal(spec.encoding.color.legend.format, '$,.0f');
      assert.deepEqual(spec.title, { text: 'Revenue by store and month' });
      const svg = await svgOf(spec);
      assert.equal(markCount(svg, 'rect', 'path'), months.length);
      assert.ok(svg.includes('>Jan 24</text>'));
    });
  });

  describe('scatterChart', () => {
    it('draws a dot per row with per-axis formats, colors, sizes and labels', async () => {
      const spec = json(
        scatterChart(products, {
          x: 'revenue',
          y: 'gross_margin',
          color: 'product_type',
          size: 'units_sold',
          label: 'product_name',
          xFormat: 'money',
          yFormat: 'money',
          subtitle: 'Gross margin = revenue − supply cost',
        }),
      );
      assert.deepEqual(spec.title, {
        text: 'Gross margin vs revenue',
        subtitle: 'Gross margin = revenue − supply cost',
      });
      assert.equal(spec.layer[0].mark.type, 'point');
      assert.equal(spec.layer[0].encoding.size.field, 'units_sold');
      assert.equal(spec.layer[1].mark.type, 'text');
      assert.equal(spec.encoding.x.axis.format, '$,.0f');
      assert.equal(spec.encoding.y.axis.format, '$,.0f');
      assert.equal(spec.encoding.tooltip[0].field, 'product_name');
      const svg = await svgOf(spec);
      assert.equal(markCount(svg, 'symbol', 'path'), products.length);
      assert.equal(markCount(svg, 'text', 'text'), products.length);
      assert.ok(svg.includes('>nutellaphone who dis?</text>'));
    });
  });

  it('every factory escapes hostile text in the SVG it renders', async () => {
    const hostile = [{ store: '<script>alert(1)</script>', month: '2024-01', revenue: 1 }];
    const specs = [
      barChart(hostile, { x: 'store', y: 'revenue', title: '<b>title</b>' }),
      heatmap(hostile, { x: 'month', y: 'store', value: 'revenue' }),
      lineChart(hostile, { x: 'month', y: 'revenue', color: 'store' }),
      scatterChart(hostile, { x: 'revenue', y: 'revenue', label: 'store' }),
    ];
    for (const spec of specs) {
      const svg = await svgOf(spec);
      assert.ok(!svg.includes('<script>'), 'no raw script tag');
      assert.ok(!svg.includes('<b>'), 'no raw markup from the title');
    }
  });
});
