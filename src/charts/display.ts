import type { ChartSpec } from './chart-spec';
import { displayBundle } from './display-bundle';
import { renderSvg } from './render-svg';
import { tslabDisplay } from './tslab-display';

/**
 * Shows a chart in a notebook: ONE Jupyter display message carrying the vega-lite spec
 * (interactive in JupyterLab / VS Code), its server-rendered SVG and a text line. Outside a
 * tslab kernel (plain Node, the CLI, tests) it prints the text line instead. Await it, so the
 * chart is sent while its cell is still running.
 *
 * @example
 * ```ts
 * await display(barChart(kpis.store_performance, { x: 'store', y: 'revenue', format: 'money' }));
 * ```
 */
export async function display(spec: ChartSpec): Promise<void> {
  const bundle = displayBundle(spec, await renderSvg(spec));
  const send = tslabDisplay();
  if (send) send(bundle);
  else console.log(bundle.data['text/plain']);
}
