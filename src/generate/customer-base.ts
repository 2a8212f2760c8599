import { at } from '../common/at';
import { customerName } from './customer-names';
import type { Prng } from './prng';
import { uuid } from './uuid';

/** A customer's habits: a favourite store (the pool they are in), a visit frequency, a taste. */
export interface Customer {
  id: string;
  /** Probability that an item they buy is a jaffle rather than a beverage. */
  foodShare: number;
}

/** Visit frequency tiers: several times a week, about weekly, now and then. */
const TIER_WEIGHT = [8, 3, 1];
const TIER_SHARE = [0.15, 0.35, 0.5];
/** Daily probability that a regular of the tier stops coming (mean stay of one to two years). */
const TIER_CHURN = [0.0015, 0.0025, 0.0035];
/** Share of orders by someone who comes once and never again (tourists, passers-by). */
const ONE_TIME = 0.04;
/** Share of new regulars once a store's pool is full, and how big a full pool is. */
const NEW_REGULAR = 0.04;
const POOL_DAYS = 25;
/** Share of orders by a regular of another store. */
const VISITOR = 0.06;
const TASTES = [0.15, 0.5, 0.8];

/**
 * The chain's customers, created as they first appear (`onCreate` writes their row at once). Each
 * store keeps a pool of its regulars by frequency tier; customers churn, so the pools track current
 * demand rather than history and memory stays flat over the years. When a pool is smaller than the
 * store's demand calls for (a new store, growth), more orders come from new customers.
 */
export class CustomerBase {
  private readonly pools: Customer[][][] = [];
  private readonly joining: { store: number; tier: number; customer: Customer }[] = [];

  constructor(
    private readonly rng: Prng,
    private readonly names: Prng,
    private readonly onCreate: (customer: Customer, name: string) => void,
  ) {}

  /** The customer of one order at `store`, whose typical daily demand is `level` orders. */
  customerFor(store: number, level: number, openStores: number): Customer {
    const rng = this.rng;
    const roll = rng.float();
    if (roll < ONE_TIME) return this.create();
    const pool = this.pool(store);
    const size = pool.reduce((count, members) => count + members.length, 0);
    const shortfall = Math.max(0, 1 - size / (level * POOL_DAYS));
    if (roll < ONE_TIME + NEW_REGULAR + (1 - ONE_TIME - NEW_REGULAR) * shortfall) {
      const customer = this.create();
      this.joining.push({ store, tier: this.tier(), customer });
      return customer;
    }
    if (openStores > 1 && rng.chance(VISITOR)) {
      const other = rng.int(0, openStores - 1);
      const visitor = other === store ? undefined : this.regular(this.pool(other));
      if (visitor) return visitor;
    }
    return this.regular(pool) ?? this.create();
  }

  /** New regulars join their store's pool; some regulars stop coming. */
  endOfDay(): void {
    for (const { store, tier, customer } of this.joining) at(this.pool(store), tier, 'a tier').push(customer);
    this.joining.length = 0;
    for (const pool of this.pools) {
      for (const [tier, members] of pool.entries()) {
        const expected = members.length * at(TIER_CHURN, tier, 'a churn rate');
        let leaving = Math.floor(expected) + (this.rng.chance(expected % 1) ? 1 : 0);
        while (leaving-- > 0 && members.length > 0) {
          const index = this.rng.int(0, members.length - 1);
          members[index] = at(members, members.length - 1, 'the last member');
          members.pop();
        }
      }
    }
  }

  private create(): Customer {
    const rng = this.rng;
    const taste = rng.pick(TASTES);
    const customer = {
      id: uuid(rng),
      foodShare: Math.min(0.95, Math.max(0.05, taste + rng.between(-0.1, 0.1))),
    };
    this.onCreate(customer, customerName(this.names));
    return customer;
  }

  private tier(): number {
    let roll = this.rng.float();
    for (const [tier, share] of TIER_SHARE.slice(0, -1).entries()) {
      roll -= share;
      if (roll < 0) return tier;
    }
    return TIER_SHARE.length - 1;
  }

  private pool(store: number): Customer[][] {
    while (this.pools.length <= store) this.pools.push(TIER_WEIGHT.map(() => []));
    return at(this.pools, store, 'a store pool');
  }

  /** A regular of the pool, frequent visitors more likely. */
  private regular(pool: Customer[][]): Customer | undefined {
    let total = 0;
    const weightOf = (tier: number) => at(TIER_WEIGHT, tier, 'a tier weight');
    for (const [tier, members] of pool.entries()) total += members.length * weightOf(tier);
    if (total === 0) return undefined;
    let target = this.rng.float() * total;
    for (const [tier, members] of pool.entries()) {
      const weight = members.length * weightOf(tier);
      if (target < weight)
        return at(members, Math.min(members.length - 1, Math.floor(target / weightOf(tier))), 'a regular');
      target -= weight;
    }
    return undefined;
  }
}
