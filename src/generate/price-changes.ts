import { at } from '../common/at';
import type { DatasetSpan } from './dataset-span';
import type { Product } from './menu';
import type { Store } from './store-plan';

/**
 * Price and tax-rate changes over time: every `everyDays` days after the first simulated day,
 * every product's price rises by `priceStepCents` and every store's tax rate by
 * `taxStepTenThousandths`. Orders placed on or after a change day are billed and taxed at the new
 * values. Off unless asked for, so the default dataset (and the committed one) stays the same.
 */
export interface PriceChanges {
  everyDays: number;
  priceStepCents: number;
  taxStepTenThousandths: number;
}

/** Half a year apart, 50 cents on every product, a quarter of a tax point (0.0775 → 0.08). */
export const HALF_YEARLY_CHANGES: PriceChanges = {
  everyDays: 183,
  priceStepCents: 50,
  taxStepTenThousandths: 25,
};

/** The prices and tax rates in force on the simulated day (`moveTo` it first, like `Demand`). */
export class Pricing {
  readonly changeDays: readonly number[];
  private steps = 0;

  constructor(
    span: DatasetSpan,
    private readonly changes?: PriceChanges,
  ) {
    const days: number[] = [];
    if (changes) {
      if (!Number.isInteger(changes.everyDays) || changes.everyDays < 1) {
        throw new Error(
          `generate: changes.everyDays must be a whole number of days, at least 1, got ${changes.everyDays}.`,
        );
      }
      for (let day = span.startDay + changes.everyDays; day < span.endDay; day += changes.everyDays)
        days.push(day);
    }
    this.changeDays = days;
  }

  /** Counts the changes in force on `day` (on or before it). */
  moveTo(day: number): void {
    this.steps = 0;
    while (
      this.steps < this.changeDays.length &&
      at(this.changeDays, this.steps, 'a price change day') <= day
    )
      this.steps++;
  }

  price(product: Product): number {
    return product.price + this.steps * (this.changes?.priceStepCents ?? 0);
  }

  taxRate(store: Store): number {
    return store.taxRate + this.steps * (this.changes?.taxStepTenThousandths ?? 0);
  }
}
