import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { at } from '../common/at';
import { Basket } from './basket';
import { isoDay } from './civil-day';
import { csvField } from './csv-field';
import { CsvFileWriter, type WrittenFile } from './csv-file-writer';
import { CustomerBase } from './customer-base';
import { type DatasetSpan, datasetSpan } from './dataset-span';
import { MENU } from './menu';
import { simulateOrders } from './order-simulation';
import { type PriceChanges, Pricing } from './price-changes';
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
  /**
   * Prices and tax rates that change over time (off by default). Extracts carry no change dates, so
   * changes arrive as a sequence of extracts: `out/extract-1`, `out/extract-2`, … (one per price
   * period, each holding every order up to its end) and `out/extracts.json` saying when each
   * extract's prices took effect, the `--as-of` to replay it with.
   */
  changes?: PriceChanges;
}

/** One extract of a dataset with changes over time. */
export interface ExtractInfo {
  folder: string;
  /** The day its prices and tax rates took effect (replay it with `run --as-of` this day). */
  asOf: string;
  /** Its last day of orders. */
  through: string;
}

export interface GenerateSummary {
  out: string;
  files: WrittenFile[];
  seconds: number;
  /** With `changes`: the extracts in the order to replay them (`files` are the last one's). */
  extracts?: ExtractInfo[];
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
  const pricing = new Pricing(span, options.changes);
  const seconds = () => Math.round(Number(process.hrtime.bigint() - started) / 1e6) / 1000;
  if (!options.changes) {
    const files = await writeExtract(options.out, options.seed, span, quirks, pricing);
    return { out: options.out, files, seconds: seconds() };
  }
  // Each extract is simulated from the first day: a shorter span is a prefix of a longer one.
  const ends = [...pricing.changeDays, span.endDay];
  const extracts: ExtractInfo[] = [];
  let files: WrittenFile[] = [];
  for (const [index, endDay] of ends.entries()) {
    const folder = `extract-${index + 1}`;
    const extractSpan = { startDay: span.startDay, endDay };
    files = await writeExtract(join(options.out, folder), options.seed, extractSpan, quirks, pricing);
    const from = index === 0 ? span.startDay : at(ends, index - 1, 'the previous part end');
    extracts.push({ folder, asOf: isoDay(from), through: isoDay(endDay - 1) });
  }
  const manifest = extracts.map((e) => ({ folder: e.folder, as_of: e.asOf, through: e.through }));
  await writeFile(join(options.out, 'extracts.json'), `${JSON.stringify({ extracts: manifest }, null, 2)}\n`);
  return { out: options.out, files, seconds: seconds(), extracts };
}

/** The six files of one extract: products and stores as priced on its last day, orders to its end. */
async function writeExtract(
  out: string,
  seed: number,
  span: DatasetSpan,
  quirks: UpstreamQuirks,
  pricing: Pricing,
): Promise<WrittenFile[]> {
  await mkdir(out, { recursive: true });
  const newline = quirks.crlf ? '\r\n' : '\n';
  const open = (name: keyof typeof HEADERS): CsvFileWriter =>
    new CsvFileWriter(join(out, `raw_${name}.csv`), `raw_${name}.csv`, line(HEADERS[name]), newline);
  const writers: Writers = {
    customers: open('customers'),
    orders: open('orders'),
    items: open('items'),
    products: open('products'),
    stores: open('stores'),
    supplies: open('supplies'),
  };
  try {
    pricing.moveTo(span.endDay - 1);
    for (const p of MENU)
      writers.products.row(line([p.sku, p.name, p.type, pricing.price(p), p.description]));
    for (const s of SUPPLIES) {
      const perishable = s.perishable ? 'True' : 'False';
      for (const sku of s.skus) writers.supplies.row(line([s.id, s.name, s.cost, perishable, sku]));
    }
    const chain = planStores(seed, span.startDay, span.endDay, quirks.storesBeforeOpening);
    for (const store of chain)
      writers.stores.row(line(storeFields({ ...store, taxRate: pricing.taxRate(store) })));
    await simulate(seed, span, chain, writers, quirks, pricing);
    const files: WrittenFile[] = [];
    for (const writer of Object.values(writers)) files.push(await writer.close());
    return files;
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
  pricing: Pricing,
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
    pricing,
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
