import { at } from '../common/at';
import { civilDate, weekday } from './civil-day';
import type { Store } from './store-plan';

/** Orders a day at an average, fully ramped store in the first year. */
const BASE_ORDERS = 32;
/** Chain-wide growth in demand per day (about +8 % a year), compounded day by day. */
const DAILY_GROWTH = 1.000211;
/** A new store starts at this share of its potential and reaches it after RAMP_DAYS. */
const RAMP_START = 0.45;
const RAMP_DAYS = 180;
/** Demand by month (January first): a winter low, a summer high, a December bump. */
const SEASON = [0.84, 0.87, 0.94, 1, 1.05, 1.1, 1.13, 1.09, 1.02, 0.98, 0.94, 1.04];
const DAYS_IN_MONTH = 31;

/**
 * Expected orders per store and day: the store's popularity, its ramp-up after opening, the chain's
 * growth, its weekday profile and the season (interpolated between months). Stores are closed on
 * 25 December.
 */
export class Demand {
  private growth = 1;
  private day: number;

  constructor(startDay: number) {
    this.day = startDay;
  }

  /** Moves forward to `day` (days only go forward; growth compounds once per day passed). */
  moveTo(day: number): void {
    while (this.day < day) {
      this.day++;
      this.growth *= DAILY_GROWTH;
    }
  }

  /** The store's typical daily orders at this point in its life (no weekday or season effect). */
  level(store: Store): number {
    const age = this.day - store.openedDay;
    const ramp = age >= RAMP_DAYS ? 1 : RAMP_START + ((1 - RAMP_START) * age) / RAMP_DAYS;
    return BASE_ORDERS * store.popularity * ramp * this.growth;
  }

  /** Today's weekday and season factor for the store (0 when closed). */
  factor(store: Store): number {
    const { month, day } = civilDate(this.day);
    if (month === 12 && day === 25) return 0;
    const next = at(SEASON, month % 12, "next month's season factor");
    const current = at(SEASON, month - 1, "the month's season factor");
    const season = current + ((next - current) * (day - 1)) / DAYS_IN_MONTH;
    return season * at(store.weekdays, weekday(this.day), 'a weekday factor');
  }
}
