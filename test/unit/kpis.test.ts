import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { convertKpiRows, kpiHeadlines, parseKpiSpecs, readKpiSpecs, roundTo } from '../../src/kpis';

const spec = {
  name: 'store_performance',
  description: '',
  shape: 'rows' as const,
  columns: [
    { name: 'store', type: 'text' as const },
    { name: 'orders', type: 'integer' as const },
    { name: 'revenue', type: 'money' as const },
    { name: 'effective_tax_rate', type: 'ratio' as const },
  ],
};

describe('KPI declarations and values', () => {
  it('reads the six KPIs of the project with their shapes', async () => {
    const specs = await readKpiSpecs(resolve(__dirname, '../../sql'));
    assert.deepEqual(
      specs.map((s) => `${s.name}:${s.shape}`),
      [
        'revenue_by_store_month:rows',
        'store_performance:rows',
        'product_performance:rows',
        'customer_summary:one',
        'supply_cost:one',
        'food_drink_mix:one',
      ],
    );
  });

  it('refuses a declaration with an unknown column type, naming the file, KPI and column', () => {
    assert.throws(
      () => parseKpiSpecs('kpis:\n  - name: x\n    shape: rows\n    columns: { a: dollars }\n', 'kpis.yml'),
      /kpis\.yml: kpis\[0\] \(x\): column a has type "dollars"; use one of text, integer, money, ratio/,
    );
    assert.throws(
      () => parseKpiSpecs('kpis:\n  - name: x\n    shape: many\n    columns: {}\n', 'k.yml'),
      /shape/,
    );
    assert.throws(() => parseKpiSpecs('other: 1\n', 'k.yml'), /top-level "kpis:" list/);
  });

  it('converts driver strings to numbers, rounding money to cents and ratios to 4 decimals', () => {
    const rows = convertKpiRows(
      spec,
      ['store', 'orders', 'revenue', 'effective_tax_rate'],
      [
        { store: 'Brooklyn', orders: '12', revenue: '1234.565', effective_tax_rate: '0.062549' },
        { store: 'Zero', orders: 0, revenue: null, effective_tax_rate: '0' },
      ],
    );
    assert.deepEqual(rows, [
      { store: 'Brooklyn', orders: 12, revenue: 1234.57, effective_tax_rate: 0.0625 },
      { store: 'Zero', orders: 0, revenue: null, effective_tax_rate: 0 },
    ]);
  });

  it('fails when the query returns other columns than declared, naming both lists', () => {
    assert.throws(
      () => convertKpiRows(spec, ['store', 'revenue', 'orders', 'effective_tax_rate'], []),
      /returns columns \(store, revenue, orders, effective_tax_rate\) but kpis\.yml declares \(store, orders, revenue, effective_tax_rate\)/,
    );
  });

  it('refuses a non-number and a non-integer, naming the KPI, row and column', () => {
    assert.throws(
      () =>
        convertKpiRows(
          spec,
          ['store', 'orders', 'revenue', 'effective_tax_rate'],
          [{ store: 'a', orders: '1.5' }],
        ),
      /KPI store_performance, row 1, orders: expected an integer, got "1.5"/,
    );
    assert.throws(
      () =>
        convertKpiRows(
          spec,
          ['store', 'orders', 'revenue', 'effective_tax_rate'],
          [{ orders: 1, revenue: 'abc' }],
        ),
      /row 1, revenue: expected a number/,
    );
  });

  it('rounds half away from zero in decimal, not in binary', () => {
    assert.equal(roundTo(1.005, 2), 1.01);
    assert.equal(roundTo(-1.005, 2), -1.01);
    assert.equal(roundTo(0.12345, 4), 0.1235);
    assert.equal(roundTo(-0.00001, 2), 0);
  });

  it('writes headlines from the numbers: the leading store, its share and the repeat rate', () => {
    const lines = kpiHeadlines({
      kpis: {
        store_performance: [
          { store: 'B', orders: 3, revenue: 75 },
          { store: 'A', orders: 1, revenue: 25 },
        ],
        customer_summary: { customers: 4, repeat_rate: 0.25, avg_order_value: 25 },
      },
    });
    assert.deepEqual(lines, [
      'Revenue $100.00 from 4 orders in 2 stores',
      'Leading store: B ($75.00, 75.0% of revenue)',
      'Repeat customers: 25.0% of 4; average order $25.00',
    ]);
  });
});
