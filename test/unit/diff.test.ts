import { strict as assert } from 'node:assert';
import { waterfallChart } from '../../src/charts/waterfall-chart';
import { attribute } from '../../src/diff/attribution';
import { formatUnits } from '../../src/diff/format-diff';
import type { KpiCell } from '../../src/diff/kpi-cells';
import { kpiCells } from '../../src/diff/kpi-cells';
import type { KpiSpec } from '../../src/kpis/kpi-spec';

const margin = (units: number): KpiCell[] => [
  { kpi: 'product_performance', row: 'total', column: 'gross_margin', type: 'money', units },
];

describe('diff attribution (pure)', () => {
  it('splits a change into data effect, code effect and interaction that add up exactly', () => {
    // base 100.00, base code on new data 130.00, new code on base data 90.00, current 125.50
    const [a] = attribute({
      base: margin(10_000),
      baseCodeNewData: margin(13_000),
      newCodeBaseData: margin(9_000),
      current: margin(12_550),
    });
    assert.deepEqual([a?.delta, a?.dataEffect, a?.codeEffect, a?.interaction], [2_550, 3_000, -1_000, 550]);
  });

  it('counts a number missing from a world (a new month) as 0 there', () => {
    const month: KpiCell = { kpi: 'k', row: '2024-12', column: 'revenue', type: 'money', units: 500 };
    const [a] = attribute({ base: [], baseCodeNewData: [month], newCodeBaseData: [], current: [month] });
    assert.deepEqual(
      [a?.base, a?.current, a?.dataEffect, a?.codeEffect, a?.interaction],
      [0, 500, 500, 0, 0],
    );
  });

  it('reads KPI numbers in integer units and totals counts and money, not averages or ratios', () => {
    const spec: KpiSpec = {
      name: 'store_performance',
      description: '',
      shape: 'rows',
      columns: [
        { name: 'store', type: 'text' },
        { name: 'revenue', type: 'money' },
        { name: 'avg_order_value', type: 'money' },
        { name: 'effective_tax_rate', type: 'ratio' },
      ],
    };
    const rows = [
      { store: 'A', revenue: 0.1, avg_order_value: 12.35, effective_tax_rate: 0.0625 },
      { store: 'B', revenue: 0.2, avg_order_value: 10, effective_tax_rate: 0.04 },
    ];
    const cells = kpiCells({ kpis: { store_performance: rows } }, [spec]);
    const total = cells.filter((c) => c.row === 'total');
    assert.deepEqual(
      total.map((c) => [c.column, c.units]),
      [['revenue', 30]],
    );
    assert.equal(cells.find((c) => c.row === 'A' && c.column === 'effective_tax_rate')?.units, 625);
  });

  it('formats changes with their sign and unit', () => {
    assert.equal(formatUnits(-112_496, 'money', true), '−$1,124.96');
    assert.equal(formatUnits(91, 'ratio', true), '+0.91 pts');
    assert.equal(formatUnits(6_138, 'ratio'), '61.38 %');
  });
});

describe('waterfallChart', () => {
  it('floats each change from where the previous one ended and closes with the total', () => {
    const spec = waterfallChart(
      [
        { step: 'Base', value: 100 },
        { step: 'Data', value: 30 },
        { step: 'Code', value: -10 },
      ],
      { x: 'step', y: 'value', total: 'Now' },
    ) as unknown as { data: { values: Record<string, unknown>[] } };
    assert.deepEqual(
      spec.data.values.map((bar) => [bar.step, bar.start, bar.end, bar.kind]),
      [
        ['Base', 0, 100, 'total'],
        ['Data', 100, 130, 'increase'],
        ['Code', 130, 120, 'decrease'],
        ['Now', 0, 120, 'total'],
      ],
    );
  });
});
