import { chartLogger, emitChartWarning } from './chart-logger';
import type { ChartSpec } from './chart-spec';

/** A compiled vega specification (plain JSON). */
export type VegaSpec = Record<string, unknown>;

/**
 * Compiles a vega-lite spec to vega. vega-lite's warnings (an invalid aggregate, a dropped
 * channel…) go to `onWarning` (default: a Node process warning); they do not stop compiling.
 * vega-lite is loaded on first use, so importing the library stays fast.
 */
export async function compileChart(spec: ChartSpec, onWarning = emitChartWarning): Promise<VegaSpec> {
  const vl = await import('vega-lite');
  const logger = chartLogger('vega-lite', onWarning, true);
  // biome-ignore lint/suspicious/noExplicitAny: the spec is JSON checked by vega-lite itself.
  const compiled = vl.compile(spec as any, { logger: logger as any });
  return compiled.spec as unknown as VegaSpec;
}
