import { CycleError } from './cycle-error';

export interface DagOptions<T> {
  /**
   * Orders nodes that are ready at the same time (default: by id). Keeps the topological order
   * stable from run to run, which makes plans and golden files reproducible.
   */
  compare?: (a: { id: string; value: T }, b: { id: string; value: T }) => number;
  /** How a node is named in a cycle error, e.g. `stg_orders (sql/staging/stg_orders.sql)`. */
  label?: (id: string, value: T) => string;
}

/**
 * A directed acyclic graph of nodes keyed by id. An edge `from -> to` means `to` depends on `from`
 * (`from` must come first). Cycles are allowed while building and reported by `findCycle` or by a
 * CycleError from `topologicalOrder`.
 */
export class Dag<T> {
  private readonly values = new Map<string, T>();
  private readonly childIds = new Map<string, Set<string>>();
  private readonly parentIds = new Map<string, Set<string>>();

  constructor(private readonly options: DagOptions<T> = {}) {}

  addNode(id: string, value: T): this {
    if (this.values.has(id)) throw new Error(`Dag: node ${JSON.stringify(id)} is already present.`);
    this.values.set(id, value);
    this.childIds.set(id, new Set());
    this.parentIds.set(id, new Set());
    return this;
  }

  /** `to` depends on `from`. Both nodes must exist. */
  addEdge(from: string, to: string): this {
    this.children(from);
    this.parents(to);
    this.childIds.get(from)?.add(to);
    this.parentIds.get(to)?.add(from);
    return this;
  }

  has(id: string): boolean {
    return this.values.has(id);
  }

  get(id: string): T {
    if (!this.values.has(id)) throw new Error(`Dag: unknown node ${JSON.stringify(id)}.`);
    return this.values.get(id) as T;
  }

  get size(): number {
    return this.values.size;
  }

  ids(): string[] {
    return [...this.values.keys()];
  }

  entries(): Array<{ id: string; value: T }> {
    return [...this.values].map(([id, value]) => ({ id, value }));
  }

  parents(id: string): string[] {
    const parents = this.parentIds.get(id);
    if (!parents) throw new Error(`Dag: unknown node ${JSON.stringify(id)}.`);
    return [...parents];
  }

  children(id: string): string[] {
    const children = this.childIds.get(id);
    if (!children) throw new Error(`Dag: unknown node ${JSON.stringify(id)}.`);
    return [...children];
  }

  /** Every node `id` depends on, directly or not (`depth` limits the number of hops). */
  ancestors(id: string, depth = Number.POSITIVE_INFINITY): Set<string> {
    return this.walk(id, (node) => this.parents(node), depth);
  }

  /** Every node that depends on `id`, directly or not. */
  descendants(id: string, depth = Number.POSITIVE_INFINITY): Set<string> {
    return this.walk(id, (node) => this.children(node), depth);
  }

  /** Ids in dependency order, ties broken by `compare`; throws a CycleError naming the whole path. */
  topologicalOrder(): string[] {
    const remaining = new Map([...this.parentIds].map(([id, parents]) => [id, parents.size]));
    const ready = [...remaining].filter(([, count]) => count === 0).map(([id]) => id);
    const order: string[] = [];
    while (ready.length > 0) {
      ready.sort((a, b) => this.compare(a, b));
      const id = ready.shift() as string;
      order.push(id);
      for (const child of this.childIds.get(id) ?? []) {
        const count = (remaining.get(child) ?? 0) - 1;
        remaining.set(child, count);
        if (count === 0) ready.push(child);
      }
    }
    if (order.length < this.values.size) {
      throw new CycleError(this.findCycle() ?? [], (id) => this.label(id));
    }
    return order;
  }

  /** The first cycle found, as a path that starts and ends on the same node, or undefined. */
  findCycle(): string[] | undefined {
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (id: string): string[] | undefined => {
      state.set(id, 'visiting');
      stack.push(id);
      for (const child of [...(this.childIds.get(id) ?? [])].sort((a, b) => this.compare(a, b))) {
        const childState = state.get(child);
        if (childState === 'visiting') return [...stack.slice(stack.indexOf(child)), child];
        if (childState === undefined) {
          const cycle = visit(child);
          if (cycle) return cycle;
        }
      }
      stack.pop();
      state.set(id, 'done');
      return undefined;
    };
    for (const id of [...this.values.keys()].sort((a, b) => this.compare(a, b))) {
      if (state.has(id)) continue;
      const cycle = visit(id);
      if (cycle) return cycle;
    }
    return undefined;
  }

  label(id: string): string {
    return this.options.label && this.values.has(id) ? this.options.label(id, this.get(id)) : id;
  }

  private compare(a: string, b: string): number {
    const compare = this.options.compare;
    if (compare) {
      const result = compare({ id: a, value: this.get(a) }, { id: b, value: this.get(b) });
      if (result !== 0) return result;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  private walk(start: string, next: (id: string) => string[], depth: number): Set<string> {
    const seen = new Set<string>();
    let frontier = next(start);
    for (let hop = 1; hop <= depth && frontier.length > 0; hop++) {
      const following: string[] = [];
      for (const id of frontier) {
        if (seen.has(id)) continue;
        seen.add(id);
        following.push(...next(id));
      }
      frontier = following;
    }
    seen.delete(start);
    return seen;
  }
}
