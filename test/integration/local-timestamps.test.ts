import { strict as assert } from 'node:assert';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { testWarehouse } from '../support/test-warehouse';

/** `timestamp without time zone` and `date` are wall-clock values: they must not become UTC instants. */
describe('warehouse rows: local timestamps and dates stay as written', () => {
  let warehouse: Warehouse;
  before(async () => {
    warehouse = await testWarehouse();
  });
  after(async () => {
    await warehouse?.close();
  });

  it('serializes a timestamp as 2024-03-20T08:40:00 and a date as 2024-03-20, in queries and sessions', async () => {
    const sql = `select timestamp '2024-03-20 08:40:00' as at, timestamp '2024-03-20 08:40:00.125' as precise,
                        date '2024-03-20' as day, cast(null as timestamp) as missing, timestamp 'infinity' as forever`;
    const expected =
      '{"at":"2024-03-20T08:40:00","precise":"2024-03-20T08:40:00.125","day":"2024-03-20","missing":null,"forever":"infinity"}';
    assert.equal(JSON.stringify((await warehouse.query(sql)).rows[0]), expected);
    const inSession = await warehouse.withSession((session) => session.query(sql));
    assert.equal(JSON.stringify(inSession.rows[0]), expected);
  });

  it('keeps timestamptz an instant (a Date), since it names one', async () => {
    const result = await warehouse.query<{ at: unknown }>(
      "select timestamptz '2024-03-20 08:40:00+00' as at",
    );
    const at = result.rows[0]?.at;
    assert.ok(at instanceof Date);
    assert.equal(at.toISOString(), '2024-03-20T08:40:00.000Z');
  });
});
