import { chartLogger, emitChartWarning } from './chart-logger';
import type { ChartSpec } from './chart-spec';
import { compileChart } from './compile-chart';

/**
 * Renders a vega-lite spec to an SVG document string on the server: vega-lite compiles it, a
 * vega View with no renderer evaluates it, and `toSVG` writes the scene. Text widths are
 * estimated (there is no canvas), which is close enough for axis labels and titles. Warnings
 * of vega-lite and vega go to `onWarning` (default: a Node process warning).
 *
 * @example
 * ```ts
 * const svg = await renderSvg(barChart(rows, { x: 'store', y: 'revenue', format: 'money' }));
 * ```
 */
export async function renderSvg(spec: ChartSpec, onWarning = emitChartWarning): Promise<string> {
  const compiled = await compileChart(spec, onWarning);
  const vega = await import('vega');
  // biome-ignore lint/suspicious/noExplicitAny: compiled vega JSON from vega-lite.
  const view = new vega.View(vega.parse(compiled as any), {
    renderer: 'none',
    logLevel: vega.Warn,
    // biome-ignore lint/suspicious/noExplicitAny: vega's LoggerInterface, structurally the same.
    logger: chartLogger('vega', onWarning) as any,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
