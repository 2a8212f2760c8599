import { type KpiQuery, type KpiResults, kpiQueries, runKpiQuery } from '../kpis/compute-kpis';
import type { KpiSpec } from '../kpis/kpi-spec';
import type { CompiledProject } from '../models/compiled-project';
import type { RunEvent } from '../runner/run-result';
import type { Warehouse } from '../warehouse/warehouse';

type KpiEntry = Awaited<ReturnType<typeof runKpiQuery>>;

/**
 * The KPI queries of a run, each started during the build as soon as the models and seeds it reads
 * are built. A built table is never changed again in the same run, so the rows are those the query
 * would return after the build; the run uses them only when the whole build succeeded (a failed
 * test still withholds the KPIs). Issue 15: the queries, and the charts drawn from them, overlap the
 * build's last tests instead of following them.
 */
export class EarlyKpis {
  private readonly waiting: { query: KpiQuery; on: Set<string> }[];
  private readonly running = new Map<string, Promise<KpiEntry>>();
  private finishAll?: (results: KpiResults | undefined) => void;
  /** Every KPI, once all have started by themselves and succeeded; undefined when one failed. */
  readonly completed = new Promise<KpiResults | undefined>((resolve) => {
    this.finishAll = resolve;
  });

  constructor(
    private readonly warehouse: Warehouse,
    project: CompiledProject,
    specs: readonly KpiSpec[],
  ) {
    const models = new Map(project.models.map((model) => [model.uniqueId, model]));
    // An ephemeral model is inlined: wait for what it reads instead.
    const builtInputs = (ids: readonly string[], into = new Set<string>()): Set<string> => {
      for (const id of ids) {
        const model = models.get(id);
        if (model?.materialized === 'ephemeral') builtInputs(model.dependsOn, into);
        else if (model || id.startsWith('seed.')) into.add(id);
      }
      return into;
    };
    this.waiting = kpiQueries(project, specs).map((query) => ({
      query,
      on: builtInputs(query.node.dependsOn),
    }));
    this.startReady();
    if (this.waiting.length === 0) this.finishAll?.({ kpis: {} });
  }

  /** The build's progress: a model or seed built lets the KPIs that read only built ones start. */
  observe(event: RunEvent): void {
    if (event.type !== 'node-finish' || event.result.status !== 'success') return;
    for (const entry of this.waiting) entry.on.delete(event.result.uniqueId);
    this.startReady();
  }

  /** Every KPI (those not started yet start now), in kpis.yml's order; rejects like computeKpis. */
  async results(): Promise<KpiResults> {
    for (const entry of this.waiting) entry.on.clear();
    this.startReady();
    return this.inOrder();
  }

  /** Waits for the queries already started, whatever their outcome (before the warehouse closes). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.running.values());
  }

  private startReady(): void {
    const before = this.running.size;
    for (const { query, on } of this.waiting) {
      if (on.size > 0 || this.running.has(query.spec.name)) continue;
      const run = runKpiQuery(this.warehouse, query);
      run.catch(() => {}); // surfaced by results(), when the run uses it
      this.running.set(query.spec.name, run);
    }
    if (before < this.waiting.length && this.running.size === this.waiting.length) {
      this.inOrder().then(this.finishAll, () => this.finishAll?.(undefined));
    }
  }

  /** The results in kpis.yml's order (the order of kpis.json). */
  private async inOrder(): Promise<KpiResults> {
    const entries = await Promise.all(
      this.waiting.map(({ query }) => this.running.get(query.spec.name) as Promise<KpiEntry>),
    );
    return { kpis: Object.fromEntries(entries) };
  }
}
