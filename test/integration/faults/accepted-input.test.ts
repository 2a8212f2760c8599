import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Warehouse } from '../../../src/warehouse/warehouse';
import { MINI_DATASET, writeMiniDataset } from '../../support/mini-dataset';
import { cli, cliBuilt, cliWarehouse } from './fault-kit';

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

/** Inputs that look odd but are safe: they must load, with every value in its column. */
describe('faults: accepted input (BOM, CRLF, reordered columns, quoted header, 1 MB field)', () => {
  let warehouse: Warehouse;
  let out: string;

  before(async function () {
    if (!cliBuilt()) this.skip();
    warehouse = await cliWarehouse();
    out = await mkdtemp(join(tmpdir(), 'etl-faults-accepted-'));
  });
  after(async () => {
    await warehouse?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('a UTF-8 byte-order mark and CRLF line endings in every file load correctly, exit 0', async () => {
    const files = Object.fromEntries(
      Object.entries(MINI_DATASET).map(([file, text]) => [file, `\uFEFF${crlf(text)}`]),
    );
    const { code, output } = cli(['run', '--data', writeMiniDataset(files), '--out', out]);
    assert.equal(code, 0, output);
    const orders = await warehouse.query('select id, order_total from raw.raw_orders order by id');
    assert.deepEqual(orders.rows, [
      { id: 'o1', order_total: '1802' },
      { id: 'o2', order_total: '1166' },
      { id: 'o3', order_total: '1248' },
    ]);
    const product = await warehouse.query("select description from raw.raw_products where sku = 'BEV-001'");
    assert.equal(product.rows[0]?.description, 'mango and tangerine "smoothie"', 'no stray carriage return');
  });

  it('reordered and quoted header columns are mapped by name', async () => {
    const data = writeMiniDataset({
      'raw_stores.csv':
        '"tax_rate",name,"id",opened_at\n0.06,Philadelphia,s1,2024-01-01T00:00:00\n0.04,Brooklyn,s2,2024-03-01T00:00:00\n',
    });
    const { code, output } = cli(['load', '--data', data, '--out', out]);
    assert.equal(code, 0, output);
    const stores = await warehouse.query('select id, name, tax_rate from raw.raw_stores order by id');
    assert.deepEqual(stores.rows, [
      { id: 's1', name: 'Philadelphia', tax_rate: '0.06' },
      { id: 's2', name: 'Brooklyn', tax_rate: '0.04' },
    ]);
  });

  it('a 1 MB text field loads whole', async () => {
    const big = 'é'.repeat(512 * 1024);
    const data = writeMiniDataset({ 'raw_customers.csv': `id,name\nc1,"${big}"\nc2,B\nc3,C\n` });
    const { code, output } = cli(['load', '--data', data, '--out', out]);
    assert.equal(code, 0, output);
    const length = await warehouse.query<{ n: number; bytes: number }>(
      "select length(name) as n, octet_length(name) as bytes from raw.raw_customers where id = 'c1'",
    );
    assert.deepEqual(length.rows[0], { n: big.length, bytes: 1024 * 1024 });
    assert.equal(cli(['load', '--data', writeMiniDataset(), '--out', out]).code, 0);
  });
});
