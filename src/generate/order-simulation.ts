import { at } from '../common/at';
import type { Basket } from './basket';
import { isoDay, isoTime } from './civil-day';
import type { CsvFileWriter } from './csv-file-writer';
import type { Customer, CustomerBase } from './customer-base';
import { Demand } from './demand';
import type { Pricing } from './price-changes';
import type { Prng } from './prng';
import type { Store } from './store-plan';
import type { TimeOfDay } from './time-of-day';
import { orderTax } from './upstream-quirks';
import { uuid } from './uuid';

export interface OrderSimulationInput {
  rng: Prng;
  stores: readonly Store[];
  customers: CustomerBase;
  basket: Basket;
  clock: TimeOfDay;
  startDay: number;
  endDay: number;
  orders: CsvFileWriter;
  items: CsvFileWriter;
  /** The prices and tax rates in force each day (constant unless changes over time were asked for). */
  pricing: Pricing;
  /** Tax as jafgen computes it (a truncated float product) instead of exact half-up rounding. */
  floatTax: boolean;
  /** Called after each simulated day, when buffers may be flushed. */
  endOfDay: () => Promise<void>;
}

/** Orders of a day are sorted by second × SORT_SLOTS + their index (exact in a double). */
const SORT_SLOTS = 2 ** 20;

/**
 * Simulates the chain day by day: each open store draws its number of orders from its demand, each
 * order gets a customer, a time and a basket; the day's orders are written in time order. Only one
 * day is held in memory.
 */
export async function simulateOrders(input: OrderSimulationInput): Promise<void> {
  const { rng, stores, customers, basket, clock, orders, items } = input;
  const demand = new Demand(input.startDay);
  const dayStore: number[] = [];
  const dayCustomer: Customer[] = [];
  let keys = new Float64Array(1024);
  for (let day = input.startDay; day < input.endDay; day++) {
    demand.moveTo(day);
    input.pricing.moveTo(day);
    let open = 0;
    while (open < stores.length && at(stores, open, 'a store').openedDay <= day) open++;
    let count = 0;
    for (const [s, store] of stores.slice(0, open).entries()) {
      const level = demand.level(store);
      const n = rng.count(level * demand.factor(store));
      for (let i = 0; i < n; i++) {
        if (count === keys.length) keys = grow(keys);
        if (count === SORT_SLOTS) throw new Error(`generate: more than ${SORT_SLOTS} orders in one day.`);
        dayStore[count] = s;
        dayCustomer[count] = customers.customerFor(s, level, open);
        keys[count] = clock.sample(rng) * SORT_SLOTS + count;
        count++;
      }
    }
    const date = isoDay(day);
    const sorted = keys.subarray(0, count).sort();
    for (const key of sorted) {
      const index = key % SORT_SLOTS;
      const store = at(stores, at(dayStore, index, "an order's store"), 'a store');
      const customer = at(dayCustomer, index, "an order's customer");
      const orderId = uuid(rng);
      const size = basket.size(rng);
      let subtotal = 0;
      for (let i = 0; i < size; i++) {
        const product = basket.item(rng, customer.foodShare);
        subtotal += input.pricing.price(product);
        items.row(`${uuid(rng)},${orderId},${product.sku}`);
      }
      const tax = orderTax(subtotal, input.pricing.taxRate(store), input.floatTax);
      const time = isoTime((key - index) / SORT_SLOTS);
      orders.row(
        `${orderId},${customer.id},${date}T${time},${store.id},${subtotal},${tax},${subtotal + tax}`,
      );
    }
    dayCustomer.length = 0;
    customers.endOfDay();
    await input.endOfDay();
  }
}

function grow(keys: Float64Array): Float64Array {
  const bigger = new Float64Array(keys.length * 2);
  bigger.set(keys);
  return bigger;
}
