import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeModelsOnlyScript } from '../../bench/baseline';
import type { SizeResult } from '../../bench/measurements';
import { sizeRatios } from '../../bench/ratios';

const step = (median: number) => ({
  seconds: { median, min: median, max: median, spreadPercent: 0, samples: [median] },
});

describe('bench: baselines and datasets (issue 15)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-baselines-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('cuts the hand-written transformation before its tests: every model, no check', () => {
    const script = writeModelsOnlyScript(
      join(__dirname, '..', '..', 'bench', 'baseline-transform.sql'),
      join(dir, 'models.sql'),
    );
    const text = readFileSync(script, 'utf8');
    for (const model of ['fct_orders', 'fct_order_items', 'dim_customers', 'dim_dates'])
      assert.match(text, new RegExp(`create table bench_marts\\.${model} as`));
    assert.doesNotMatch(text, /bench_checks/);
    assert.doesNotMatch(text, /-- Tests/);
  });

  it('gives run against both baselines: with the checks and without', () => {
    const size = {
      baseline: { copy: step(1), transform: step(4), models: step(3) },
      ours: { load: step(0.8), build: step(6), kpis: step(1), run: step(5.2) },
    } as unknown as SizeResult;
    assert.deepEqual(sizeRatios(size), { load: 0.8, build: 1.5, run: 1.04, runWithoutChecks: 1.3 });
  });
});
