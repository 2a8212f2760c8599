import { strict as assert } from 'node:assert';
import { volumeBand } from '../../src/history/volume-band';
import { checkVolumes, type PreviousVolumes, type VolumeCount } from '../../src/history/volume-check';

const NONE: PreviousVolumes = { runs: 0, totals: new Map(), days: new Map() };

/** `weeks` weeks of daily orders for one store from Monday 2024-01-01, with `rows(day index)` each. */
function days(store: string, count: number, rows: (index: number) => number): VolumeCount[] {
  return Array.from({ length: count }, (_, i) => ({
    table: 'raw_orders',
    storeId: store,
    day: new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10),
    rows: rows(i),
  })).filter((c) => c.rows > 0);
}

describe('the volume rule: median ± 3 spreads, the spread at least a fifth of the median', () => {
  it('computes the band by hand: median, 1.4826 × MAD, the floor', () => {
    // values 10, 20, 20, 20, 30: median 20, MAD 0 → spread = 0.2 × 20 = 4, low = 20 − 12 = 8
    assert.deepEqual(volumeBand([10, 20, 20, 20, 30], 4), { median: 20, low: 8 });
    // 10, 20, 30, 40: median 25, deviations 15, 5, 5, 15 → MAD 10, spread 14.826, low = 25 − 44.478
    const band = volumeBand([10, 20, 30, 40], 4);
    assert.equal(band?.median, 25);
    assert.ok(Math.abs((band?.low as number) - (25 - 3 * 14.826)) < 1e-9);
    assert.equal(volumeBand([20, 20, 20], 4), undefined, 'three values are too few');
  });

  it('warns for a missing store-day and a day with a third of its rows, naming table, store and day', () => {
    // 6 weeks at 30 a day; day 37 (a Wednesday) missing, day 39 at 10 (a third), day 40 at 20 (two thirds)
    const counts = days('s1', 42, (i) => (i === 37 ? 0 : i === 39 ? 10 : i === 40 ? 20 : 30));
    const check = checkVolumes(counts, NONE, new Map([['s1', 'Philadelphia']]));
    assert.deepEqual(
      check.warnings.map((w) => [w.table, w.storeId, w.day, w.rows, w.usual, w.low]),
      [
        ['raw_orders', 's1', '2024-02-07', 0, 30, 12],
        ['raw_orders', 's1', '2024-02-09', 10, 30, 12],
      ],
    );
    assert.match(check.warnings[0]?.message as string, /raw_orders: no rows|raw_orders: 0 rows/);
    assert.match(check.warnings[0]?.message as string, /Philadelphia on 2024-02-07 \(a Wednesday\)/);
    // the first 4 weeks lack 4 earlier same weekdays: 28 days not judged, 14 judged
    assert.deepEqual([check.judged, check.notJudged], [14, 28]);
  });

  it('judges nothing without enough history: a first extract of two weeks gives no warning', () => {
    const check = checkVolumes(
      days('s1', 14, (i) => (i === 10 ? 0 : 30)),
      NONE,
    );
    assert.deepEqual(check.warnings, []);
    assert.deepEqual([check.judged, check.notJudged], [0, 14]);
  });

  it('takes the weeks before from the previous runs when the extract holds only new days', () => {
    const history = days('s1', 35, () => 30);
    const previous: PreviousVolumes = {
      runs: 1,
      totals: new Map(),
      days: new Map(history.map((c) => [`raw_orders|s1|${c.day}`, c.rows])),
    };
    // this extract: the next week only, with its Tuesday at 8
    const next = days('s1', 42, (i) => (i < 35 ? 0 : i === 36 ? 8 : 30));
    const check = checkVolumes(next, previous);
    assert.deepEqual(
      check.warnings.map((w) => w.day),
      ['2024-02-06'],
    );
    assert.equal(check.judged, 7);
  });

  it('a store-day the previous run counted and this extract lacks warns whatever the band', () => {
    const previous: PreviousVolumes = {
      runs: 1,
      totals: new Map(),
      days: new Map([['raw_orders|s2|2024-01-03', 2]]),
    };
    const current = [...days('s1', 7, () => 30), ...days('s2', 7, (i) => (i === 2 ? 0 : 2))];
    const check = checkVolumes(current, previous);
    assert.deepEqual(
      check.warnings.map((w) => [w.storeId, w.day, w.rows, w.usual]),
      [['s2', '2024-01-03', 0, 2]],
    );
  });

  it('compares each table’s total with the previous runs’ totals (at least three of them)', () => {
    const total = (table: string, rows: number): VolumeCount => ({ table, storeId: null, day: null, rows });
    const previous: PreviousVolumes = {
      runs: 3,
      totals: new Map([
        ['raw_items', [34_000, 33_000, 34_154]],
        ['raw_orders', [20_160, 20_100]],
      ]),
      days: new Map(),
    };
    const check = checkVolumes(
      [total('raw_items', 11_385), total('raw_orders', 5), total('raw_stores', 1)],
      previous,
    );
    assert.deepEqual(
      check.warnings.map((w) => [w.table, w.rows, w.usual]),
      [['raw_items', 11_385, 34_000]],
    );
    assert.match(check.warnings[0]?.message as string, /raw_items has 11385 rows; the last 3 runs/);
    assert.deepEqual([check.judged, check.notJudged], [1, 2], 'two previous runs, or none, are too few');
  });
});
