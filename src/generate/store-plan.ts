import { isoTimestamp } from './civil-day';
import { Prng } from './prng';
import { uuid } from './uuid';

/** A store of the chain and the traits that shape its demand. */
export interface Store {
  id: string;
  name: string;
  openedDay: number;
  /** Tax rate in ten-thousandths (625 = 0.0625), so tax is computed exactly in integers. */
  taxRate: number;
  /** Relative size and popularity (1 = an average store). */
  popularity: number;
  /** Demand by weekday, Sunday first: downtown stores live on office days, others on weekends. */
  weekdays: readonly number[];
}

const MAX_STORES = 12;
const STREAM = 1;
const CITIES = [
  'Philadelphia',
  'Brooklyn',
  'Chicago',
  'San Francisco',
  'New Orleans',
  'Los Angeles',
  'Seattle',
  'Austin',
  'Denver',
  'Boston',
  'Portland',
  'Nashville',
  'Minneapolis',
  'San José',
];
const DOWNTOWN = [0.55, 1.1, 1.12, 1.12, 1.15, 1.05, 0.65];
const NEIGHBOURHOOD = [1.2, 0.9, 0.88, 0.92, 0.97, 1.1, 1.35];

/**
 * The chain's stores, opened over time: one or two at the start, then one every 6–12 months (up to
 * twelve). The plan is drawn from its own stream for all twelve stores whatever the horizon, so a
 * longer dataset extends a shorter one with the same seed; only stores open before `endDay` are kept,
 * unless `listFuture` (jafgen lists every planned store, years before it opens).
 */
export function planStores(seed: number, startDay: number, endDay: number, listFuture = false): Store[] {
  const rng = new Prng(seed, STREAM);
  const names = [...CITIES];
  const stores: Store[] = [];
  let day = startDay;
  const twoAtStart = rng.chance(0.5);
  for (let i = 0; i < MAX_STORES; i++) {
    if (i === 1 && !twoAtStart) day += rng.int(60, 150);
    else if (i >= 2) day += rng.int(180, 365);
    const name = names.splice(rng.int(0, names.length - 1), 1)[0] ?? `Store ${i + 1}`;
    stores.push({
      id: uuid(rng),
      name,
      openedDay: day,
      taxRate: 25 * rng.int(16, 36),
      popularity: rng.between(0.7, 1.4),
      weekdays: rng.chance(0.4) ? DOWNTOWN : NEIGHBOURHOOD,
    });
  }
  return listFuture ? stores : stores.filter((store) => store.openedDay < endDay);
}

/** The raw_stores values of a store: id, name, opened_at, tax_rate. */
export function storeFields(store: Store): string[] {
  const rate = `0.${String(store.taxRate).padStart(4, '0')}`.replace(/0+$/, '');
  return [store.id, store.name, isoTimestamp(store.openedDay, 0), rate];
}
