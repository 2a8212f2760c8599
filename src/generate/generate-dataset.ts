import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Basket } from './basket';
import { csvField } from './csv-field';
import { CsvFileWriter, type WrittenFile } from './csv-file-writer';
import { CustomerBase } from './customer-base';
import { type DatasetSpan, datasetSpan } from './dataset-span';
import { MENU } from './menu';
import { simulateOrders } from './order-simulation';
import { Prng } from './prng';
import { planStores, type Store, storeFields } from './store-plan';
import { SUPPLIES } from './supplies';
import { TimeOfDay } from './time-of-day';
import { EMPTY_ORDER_SHARE, UPSTREAM_QUIRKS, type UpstreamQuirks } from './upstream-quirks';

export interface GenerateOptions {
  /** Simulated years (fractions allowed: 0.25 is about three months). */
  years: number;
  /** Any safe integer; the same (years, seed, start) gives byte-identical files. */
  seed: number;
  /** Dataset folder, created if missing; the six files in it are overwritten. */
  out: string;
  /** First simulated day, 'YYYY-MM-DD' (default '2024-01-01'). */
  start?: string;
  /** Upstream (jafgen) habits to imitate; all on by default, `NO_QUIRKS` for tidy data. */
  quirks?: Partial<UpstreamQuirks>;
}

export interface GenerateSummary {
  out: string;
  files: WrittenFile[];
  seconds: number;
}

/** The six files of the raw contract, in the order the summary lists them, with their headers. */
const HEADERS = {
  customers: ['id', 'name'],
  orders: ['id', 'customer', 'ordered_at', 'store_id', 'subtotal', 'tax_paid', 'order_total'],
  items: ['id', 'order_id', 'sku'],
  products: ['sku', 'name', 'type', 'price', 'description'],
  stores: ['id', 'name', 'opened_at', 'tax_rate'],
  supplies: ['id', 'name', 'cost', 'perishable', 'sku'],
} as const;
type Writers = Record<keyof typeof HEADERS, CsvFileWriter>;

const STREAM_ORDERS = 2;
const STREAM_NAMES = 3;

const line = (fields: readonly (string | number)[]): string =>
  fields.map((field) => csvField(String(field))).join(',');

/**
 * Writes a synthetic café-chain dataset (the six raw CSV files of the contract) by simulating the
 * chain day by day: stores opening over time, customers with habits, seasonal and weekly demand.
 * Deterministic for a given (years, seed, start) and streamed: memory does not grow with the years.
 */
export async function generateDataset(options: GenerateOptions): Promise<GenerateSummary> {
  const started = process.hrtime.bigint();
  const span = datasetSpan(options);
  const quirks: UpstreamQuirks = { ...UPSTREAM_QUIRKS, ...options.quirks };
  await mkdir(options.out, { recursive: true });
  const newline = quirks.crlf ? '\r\n' : '\n';
  const open = (name: keyof typeof HEADERS): CsvFileWriter =>
    new CsvFileWriter(join(options.out, `raw_${name}.csv`), `raw_${name}.csv`, line(HEADERS[name]), newline);
  const writers: Writers = {
    customers: open('customers'),
    orders: open('orders'),
    items: open('items'),
    products: open('products'),
    stores: open('stores'),
    supplies: open('supplies'),
  };
  try {
    for (const p of MENU) writers.products.row(line([p.sku, p.name, p.type, p.price, p.description]));
    for (const s of SUPPLIES) {
      const perishable = s.perishable ? 'True' : 'False';
      for (const sku of s.skus) writers.supplies.row(line([s.id, s.name, s.cost, perishable, sku]));
    }
    const chain = planStores(options.seed, span.startDay, span.endDay, quirks.storesBeforeOpening);
    for (const store of chain) writers.stores.row(line(storeFields(store)));
    await simulate(options.seed, span, chain, writers, quirks);
    const files: WrittenFile[] = [];
    for (const writer of Object.values(writers)) files.push(await writer.close());
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { out: options.out, files, seconds: Math.round(seconds * 1000) / 1000 };
  } catch (error) {
    for (const writer of Object.values(writers)) writer.abort();
    throw error;
  }
}

async function simulate(
  seed: number,
  span: DatasetSpan,
  chain: Store[],
  writers: Writers,
  quirks: UpstreamQuirks,
): Promise<void> {
  const names = new Prng(seed, STREAM_NAMES);
  const rng = new Prng(seed, STREAM_ORDERS);
  const customers = new CustomerBase(rng, names, (customer, name) =>
    writers.customers.row(`${customer.id},${csvField(name)}`),
  );
  await simulateOrders({
    rng,
    stores: chain,
    customers,
    basket: new Basket(MENU, quirks.ordersWithoutItems ? EMPTY_ORDER_SHARE : 0),
    floatTax: quirks.floatTax,
    clock: new TimeOfDay(),
    startDay: span.startDay,
    endDay: span.endDay,
    orders: writers.orders,
    items: writers.items,
    endOfDay: async () => {
      for (const writer of Object.values(writers)) await writer.flushIfFull();
    },
  });
}
