import { at } from '../common/at';
import type { Product } from './menu';
import type { Prng } from './prng';

/** Items per order: mostly one or two, up to five. */
const SIZE_ODDS = [0.56, 0.27, 0.1, 0.05, 0.02];

/** A weighted choice among products of one type. */
class WeightedProducts {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(private readonly products: readonly Product[]) {
    let total = 0;
    for (const product of products) {
      total += product.weight;
      this.cumulative.push(total);
    }
    this.total = total;
  }

  pick(rng: Prng): Product {
    const target = rng.float() * this.total;
    let i = 0;
    while (i < this.cumulative.length - 1 && at(this.cumulative, i, 'a cumulative weight') <= target) i++;
    return at(this.products, i, 'a product');
  }
}

/**
 * What one order contains: a number of items (1–5) and for each item a jaffle or a beverage
 * according to the customer's taste, then a product of that type by popularity.
 */
export class Basket {
  private readonly food: WeightedProducts;
  private readonly drink: WeightedProducts;

  /** `emptyShare`: the share of orders without items (jafgen makes a few). */
  constructor(
    menu: readonly Product[],
    private readonly emptyShare = 0,
  ) {
    this.food = new WeightedProducts(menu.filter((product) => product.type === 'jaffle'));
    this.drink = new WeightedProducts(menu.filter((product) => product.type === 'beverage'));
  }

  /** How many items the next order has (0 for an empty order). */
  size(rng: Prng): number {
    let roll = rng.float();
    // One draw either way, so switching empty orders off changes nothing else.
    if (this.emptyShare > 0) {
      if (roll < this.emptyShare) return 0;
      roll = (roll - this.emptyShare) / (1 - this.emptyShare);
    }
    for (const [i, odds] of SIZE_ODDS.slice(0, -1).entries()) {
      roll -= odds;
      if (roll < 0) return i + 1;
    }
    return SIZE_ODDS.length;
  }

  /** One item for a customer who picks food with probability `foodShare`. */
  item(rng: Prng, foodShare: number): Product {
    return rng.chance(foodShare) ? this.food.pick(rng) : this.drink.pick(rng);
  }
}
