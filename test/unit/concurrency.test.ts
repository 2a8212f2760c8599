import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { concurrencyLimit, forEachLimited, mapLimit } from '../../src/common/concurrency';

describe('concurrency helpers', () => {
  it('concurrencyLimit keeps at most `limit` tasks in flight across callers', async () => {
    const limit = concurrencyLimit(2);
    let active = 0;
    let peak = 0;
    const task = async (i: number) => {
      active++;
      peak = Math.max(peak, active);
      await sleep(5);
      active--;
      return i;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => limit(() => task(i))));
    assert.deepEqual(results, [1, 2, 3, 4, 5]);
    assert.equal(peak, 2);
  });

  it('forEachLimited starts nothing after a failure and waits for the tasks in flight', async () => {
    const started: number[] = [];
    let finished = 0;
    await assert.rejects(
      forEachLimited([0, 1, 2, 3, 4, 5], 2, async (item) => {
        started.push(item);
        if (item === 1) throw new Error('part 1 failed');
        await sleep(10);
        finished++;
      }),
      /part 1 failed/,
    );
    assert.deepEqual(started, [0, 1]);
    assert.equal(finished, 1, 'the task in flight ran to its end before the rejection');
  });

  it('mapLimit keeps the input order whatever order the work finishes in, with at most `limit` in flight', async () => {
    let active = 0;
    let peak = 0;
    const results = await mapLimit([30, 5, 20, 1, 10], 2, async (ms, index) => {
      active++;
      peak = Math.max(peak, active);
      await sleep(ms);
      active--;
      return `${index}:${ms}`;
    });
    assert.deepEqual(results, ['0:30', '1:5', '2:20', '3:1', '4:10']);
    assert.equal(peak, 2);
  });
});
