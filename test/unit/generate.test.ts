import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GenerateSummary, generateDataset, NO_QUIRKS } from '../../src/generate';

const HEADERS: Record<string, string[]> = {
  'raw_customers.csv': ['id', 'name'],
  'raw_orders.csv': ['id', 'customer', 'ordered_at', 'store_id', 'subtotal', 'tax_paid', 'order_total'],
  'raw_items.csv': ['id', 'order_id', 'sku'],
  'raw_products.csv': ['sku', 'name', 'type', 'price', 'description'],
  'raw_stores.csv': ['id', 'name', 'opened_at', 'tax_rate'],
  'raw_supplies.csv': ['id', 'name', 'cost', 'perishable', 'sku'],
};
const FILES = Object.keys(HEADERS);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const CENTS = /^(0|[1-9]\d*)$/;

/**
 * A strict RFC 4180 reader for files whose records all end with `newline` (CRLF, or LF): a quoted
 * field must need its quotes (it holds a comma, a quote, CR or LF); a bare quote inside an unquoted
 * field, a CR not ending a CRLF record, a record ending otherwise or a missing final newline are errors.
 */
function parseCsv(text: string, file: string, newline: '\r\n' | '\n'): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${file}: ${why} at record ${records.length + 1} (offset ${i})`);
  };
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) fail('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (!/[",\r\n]/.test(field)) fail(`needlessly quoted field "${field}"`);
    } else {
      while (i < text.length && text[i] !== ',' && !text.startsWith(newline, i)) {
        if (text[i] === '"') fail('bare quote in an unquoted field');
        if (text[i] === '\r' || text[i] === '\n') fail("a line ending other than the file's");
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith(newline, i)) {
      i += newline.length;
      records.push(record);
      record = [];
    } else fail(i >= text.length ? 'no newline at the end of the file' : `unexpected ${text[i]}`);
  }
  return records;
}

interface Table {
  header: string[];
  rows: Record<string, string>[];
}

function readTable(dir: string, file: string, newline: '\r\n' | '\n' = '\r\n'): Table {
  const buffer = readFileSync(join(dir, file));
  assert.ok(!(buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf), `${file} starts with a BOM`);
  const text = buffer.toString('utf8');
  assert.ok(Buffer.from(text, 'utf8').equals(buffer), `${file} is not valid UTF-8`);
  const [header = [], ...records] = parseCsv(text, file, newline);
  const rows = records.map((fields, n) => {
    assert.equal(fields.length, header.length, `${file} record ${n + 2} has ${fields.length} fields`);
    return Object.fromEntries(header.map((name, c) => [name, fields[c] as string]));
  });
  return { header, rows };
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function assertUnique(values: string[], what: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    assert.ok(!seen.has(value), `${what} ${value} is not unique`);
    seen.add(value);
  }
}

function assertResolves(values: string[], keys: Set<string>, what: string): void {
  for (const value of values) assert.ok(keys.has(value), `${what} ${value} does not resolve`);
}

describe('generateDataset', function () {
  this.timeout(30_000);
  let root: string;
  let first: GenerateSummary;
  let tables: Record<string, Table>;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'etl-generate-'));
    first = await generateDataset({ years: 1, seed: 42, out: join(root, 'a') });
    tables = Object.fromEntries(FILES.map((file) => [file, readTable(first.out, file)]));
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  const rows = (file: string): Record<string, string>[] => (tables[file] as Table).rows;
  const column = (file: string, name: string): string[] => rows(file).map((row) => row[name] as string);

  it('reports the six files with their rows and bytes', () => {
    assert.deepEqual(
      first.files.map((f) => f.file),
      FILES,
    );
    for (const { file, rows: count, bytes } of first.files) {
      assert.equal(bytes, statSync(join(first.out, file)).size, `${file} bytes`);
      assert.equal(count, rows(file).length, `${file} rows`);
    }
    assert.ok(first.seconds >= 0);
  });

  it('is byte-identical for the same seed and differs for another seed', async () => {
    const again = await generateDataset({ years: 1, seed: 42, out: join(root, 'b') });
    const other = await generateDataset({ years: 1, seed: 7, out: join(root, 'c') });
    for (const file of FILES) {
      assert.equal(
        sha256(join(again.out, file)),
        sha256(join(first.out, file)),
        `${file} differs for seed 42`,
      );
    }
    for (const file of ['raw_customers.csv', 'raw_orders.csv', 'raw_items.csv', 'raw_stores.csv']) {
      assert.notEqual(
        sha256(join(other.out, file)),
        sha256(join(first.out, file)),
        `${file} same for seed 7`,
      );
    }
  });

  it('extends a shorter dataset of the same seed (fractional years)', async () => {
    const quarter = await generateDataset({ years: 0.25, seed: 42, out: join(root, 'q') });
    const short = readFileSync(join(quarter.out, 'raw_orders.csv'), 'utf8');
    const long = readFileSync(join(first.out, 'raw_orders.csv'), 'utf8');
    assert.ok(short.length > 1000 && short.length < long.length / 2);
    assert.ok(long.startsWith(short), 'the 1-year orders start with the 3-month orders');
    const last = short.trimEnd().split('\n').pop()?.split(',')[2] ?? '';
    assert.ok(last >= '2024-03-30' && last < '2024-04-01', `3 months end on ${last}`);
  });

  it('writes the contract headers, CRLF line endings (as upstream) and a final newline', () => {
    for (const file of FILES) {
      assert.deepEqual(tables[file]?.header, HEADERS[file], file);
      const text = readFileSync(join(first.out, file), 'utf8');
      assert.ok(text.endsWith('\r\n'), file);
      assert.equal(text.split('\n').length, text.split('\r\n').length, `${file}: every LF follows a CR`);
    }
  });

  it('has a few MB and tens of thousands of orders for one year', () => {
    const bytes = first.files.reduce((sum, f) => sum + f.bytes, 0);
    assert.ok(bytes > 3e6 && bytes < 8e6, `${bytes} bytes`);
    assert.ok(rows('raw_orders.csv').length > 15_000, 'orders');
    assert.ok(rows('raw_items.csv').length > rows('raw_orders.csv').length, 'items');
  });

  it('has unique ids and UUID-shaped ids for customers, orders, items and stores', () => {
    for (const file of ['raw_customers.csv', 'raw_orders.csv', 'raw_items.csv', 'raw_stores.csv']) {
      const ids = column(file, 'id');
      assertUnique(ids, `${file} id`);
      for (const id of ids) assert.match(id, UUID);
    }
    assertUnique(column('raw_products.csv', 'sku'), 'sku');
    assertUnique(
      rows('raw_supplies.csv').map((row) => `${row.id}|${row.sku}`),
      'supply (id, sku)',
    );
  });

  it('resolves every foreign key', () => {
    const customers = new Set(column('raw_customers.csv', 'id'));
    const stores = new Set(column('raw_stores.csv', 'id'));
    const orders = new Set(column('raw_orders.csv', 'id'));
    const skus = new Set(column('raw_products.csv', 'sku'));
    assertResolves(column('raw_orders.csv', 'customer'), customers, 'orders.customer');
    assertResolves(column('raw_orders.csv', 'store_id'), stores, 'orders.store_id');
    assertResolves(column('raw_items.csv', 'order_id'), orders, 'items.order_id');
    assertResolves(column('raw_items.csv', 'sku'), skus, 'items.sku');
    assertResolves(column('raw_supplies.csv', 'sku'), skus, 'supplies.sku');
  });

  it('has a few orders without items (as upstream: about 0.4%), with subtotal, tax and total 0', () => {
    const ordered = new Set(column('raw_items.csv', 'order_id'));
    const empty = rows('raw_orders.csv').filter((order) => !ordered.has(order.id as string));
    const share = empty.length / rows('raw_orders.csv').length;
    assert.ok(share > 0.002 && share < 0.008, `${empty.length} orders without items (${share})`);
    for (const order of empty) {
      assert.deepEqual([order.subtotal, order.tax_paid, order.order_total], ['0', '0', '0'], order.id);
    }
  });

  it('adds up: subtotal = Σ item prices, tax = subtotal × rate truncated in floats, total = subtotal + tax', () => {
    const price = new Map(rows('raw_products.csv').map((p) => [p.sku, Number(p.price)]));
    const sums = new Map<string, number>();
    for (const item of rows('raw_items.csv')) {
      sums.set(
        item.order_id as string,
        (sums.get(item.order_id as string) ?? 0) + (price.get(item.sku as string) ?? NaN),
      );
    }
    const rate = new Map(rows('raw_stores.csv').map((s) => [s.id, s.tax_rate as string]));
    let belowHalfUp = 0;
    for (const order of rows('raw_orders.csv')) {
      for (const name of ['subtotal', 'tax_paid', 'order_total']) assert.match(order[name] as string, CENTS);
      const subtotal = Number(order.subtotal);
      assert.equal(subtotal, sums.get(order.id as string) ?? 0, `order ${order.id} subtotal`);
      const text = rate.get(order.store_id as string) as string;
      const tax = Number(order.tax_paid);
      // jafgen: int(rate × dollars × 100) in doubles, from the rate as the file writes it.
      assert.equal(tax, Math.trunc(Number(text) * (subtotal / 100) * 100), `order ${order.id} tax`);
      // Exactly: the floor of subtotal × rate in cents, or one cent less when that product is whole.
      const bp = Number(text.slice(2).padEnd(4, '0'));
      const exact = subtotal * bp; // cents × 10⁻⁴
      const floor = Math.floor(exact / 10000);
      if (!(tax === floor - 1 && exact % 10000 === 0))
        assert.equal(tax, floor, `order ${order.id} tax truncated`);
      if (exact % 10000 >= 5000) belowHalfUp++;
      assert.equal(Number(order.order_total), subtotal + tax, `order ${order.id} total`);
    }
    assert.ok(belowHalfUp > 0, 'some taxes are a cent below half-up rounding (truncated, as upstream)');
  });

  it('orders are chronological, within opening hours, in the year and after their store opened', () => {
    const opened = new Map(rows('raw_stores.csv').map((s) => [s.id, s.opened_at as string]));
    let previous = '';
    for (const order of rows('raw_orders.csv')) {
      const at = order.ordered_at as string;
      assert.match(at, TIMESTAMP);
      assert.ok(at >= previous, `${at} after ${previous}`);
      previous = at;
      assert.ok(at >= '2024-01-01' && at < '2025-01-01', at);
      const time = at.slice(11);
      assert.ok(time >= '07:00:00' && time < '20:00:00', at);
      assert.ok(
        at > (opened.get(order.store_id as string) as string),
        `order ${order.id} before its store opened`,
      );
    }
  });

  it('has stores opening over time with tax rates between 4 % and 9 %', () => {
    const stores = rows('raw_stores.csv');
    assert.ok(stores.length >= 2);
    assert.equal(stores[0]?.opened_at, '2024-01-01T00:00:00');
    assert.ok(
      stores.some((s) => (s.opened_at as string) > '2024-01-01T00:00:00'),
      'a store opens later',
    );
    for (const s of stores) {
      assert.match(s.opened_at as string, TIMESTAMP);
      assert.match(s.tax_rate as string, /^0\.\d{1,4}$/);
      assert.ok(Number(s.tax_rate) >= 0.04 && Number(s.tax_rate) <= 0.09, s.tax_rate);
    }
    const used = new Set(column('raw_orders.csv', 'store_id'));
    for (const s of stores) {
      const openInTheYear = (s.opened_at as string) < '2025-01-01';
      assert.equal(used.has(s.id as string), openInTheYear, `${s.name} sells if and only if it opened`);
    }
    assert.ok(
      stores.some((s) => (s.opened_at as string) >= '2025-01-01'),
      'a store is listed before it opens (as upstream)',
    );
  });

  it('has products of both types, supplies shared by several products, both perishable values', () => {
    const products = rows('raw_products.csv');
    assert.deepEqual([...new Set(products.map((p) => p.type))].sort(), ['beverage', 'jaffle']);
    for (const p of products) {
      assert.match(p.sku as string, /^(JAF|BEV)-\d{3}$/);
      assert.ok(Number(p.price) >= 300 && Number(p.price) <= 1500, p.price);
    }
    const raw = readFileSync(join(first.out, 'raw_products.csv'), 'utf8');
    assert.ok(raw.includes('""'), 'a description with double quotes');
    assert.ok(
      products.some((p) => /,/.test(p.description as string)),
      'a description with a comma',
    );
    assert.ok(
      products.some((p) => (p.description as string).endsWith(' ')),
      'a description with trailing spaces',
    );
    const supplies = rows('raw_supplies.csv');
    assert.ok(supplies.length >= 40 && supplies.length <= 80, `${supplies.length} supplies`);
    const skusPerSupply = new Map<string, number>();
    for (const s of supplies) skusPerSupply.set(s.id as string, (skusPerSupply.get(s.id as string) ?? 0) + 1);
    assert.ok(
      [...skusPerSupply.values()].some((n) => n > 1),
      'a supply serves several products',
    );
    assert.deepEqual([...new Set(supplies.map((s) => s.perishable))].sort(), ['False', 'True']);
    for (const s of supplies) assert.match(s.cost as string, CENTS);
  });

  it('has repeat and one-time customers with varied Unicode names', () => {
    const orders = new Map<string, number>();
    for (const customer of column('raw_orders.csv', 'customer'))
      orders.set(customer, (orders.get(customer) ?? 0) + 1);
    const counts = [...orders.values()];
    const once = counts.filter((n) => n === 1).length;
    assert.ok(once > 0 && once < counts.length * 0.6, `${once} of ${counts.length} customers ordered once`);
    assert.ok(
      counts.some((n) => n >= 10),
      'some regulars',
    );
    assert.equal(orders.size, rows('raw_customers.csv').length, 'every customer ordered');
    const names = column('raw_customers.csv', 'name');
    assert.ok(
      names.some((n) => n.includes("'")),
      'an apostrophe',
    );
    assert.ok(
      names.some((n) => [...n].some((c) => (c.codePointAt(0) ?? 0) > 0x7f)),
      'a non-ASCII name',
    );
    assert.ok(
      names.some((n) => n.includes(',')),
      'a name that needs quoting',
    );
  });

  it('without the upstream quirks: LF, exact half-up tax, items in every order, only opened stores', async () => {
    const tidy = await generateDataset({ years: 0.25, seed: 42, out: join(root, 'tidy'), quirks: NO_QUIRKS });
    const read = (file: string) => readTable(tidy.out, file, '\n').rows;
    for (const file of FILES) assert.ok(!readFileSync(join(tidy.out, file), 'utf8').includes('\r'), file);
    const orders = read('raw_orders.csv');
    const ordered = new Set(read('raw_items.csv').map((item) => item.order_id));
    assert.ok(
      orders.every((order) => ordered.has(order.id)),
      'every order has items',
    );
    const rate = new Map(
      read('raw_stores.csv').map((s) => [s.id, Number((s.tax_rate as string).slice(2).padEnd(4, '0'))]),
    );
    for (const order of orders) {
      const exact = Number(order.subtotal) * (rate.get(order.store_id as string) as number);
      const halfUp = Math.floor(exact / 10000) + (exact % 10000 >= 5000 ? 1 : 0);
      assert.equal(Number(order.tax_paid), halfUp, `order ${order.id} tax`);
    }
    const used = new Set(orders.map((order) => order.store_id));
    assert.equal(used.size, read('raw_stores.csv').length, 'every listed store sells');
  });

  it('rejects bad options with a message that says how to fix them', async () => {
    const out = join(root, 'bad');
    await assert.rejects(generateDataset({ years: 1, seed: 1, out, start: '2024-02-30' }), /YYYY-MM-DD/);
    await assert.rejects(generateDataset({ years: 0, seed: 1, out }), /years must be/);
    await assert.rejects(generateDataset({ years: 1, seed: 1.5, out }), /seed must be an integer/);
  });
});
