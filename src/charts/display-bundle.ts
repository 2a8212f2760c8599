import type { ChartSpec } from './chart-spec';

/** The mime type JupyterLab and VS Code render as an interactive vega-lite v5 chart. */
export const vegaLiteMimeType = 'application/vnd.vegalite.v5+json';

/** The content of one Jupyter `display_data` message. */
export type DisplayBundle = {
  data: {
    'application/vnd.vegalite.v5+json': ChartSpec;
    'image/svg+xml': string;
    'text/plain': string;
  };
  metadata: Record<string, unknown>;
};

/**
 * The mime bundle of one chart: the spec itself (interactive in JupyterLab and VS Code), its SVG
 * (GitHub, nbviewer, classic viewers) and a line of text (terminals, `jupyter nbconvert --to
 * markdown`). A frontend shows the richest type it can render.
 */
export function displayBundle(spec: ChartSpec, svg: string): DisplayBundle {
  return {
    data: {
      [vegaLiteMimeType]: spec,
      'image/svg+xml': svg,
      'text/plain': chartText(spec),
    },
    metadata: {},
  };
}

/** `Revenue by store (bar chart, 6 rows)`: what a text-only viewer shows of a chart. */
export function chartText(spec: ChartSpec): string {
  const title = titleText(spec.title) ?? 'Untitled chart';
  const mark = markName(spec);
  const values = (spec.data as { values?: unknown } | undefined)?.values;
  const rows = Array.isArray(values) ? `, ${values.length} ${values.length === 1 ? 'row' : 'rows'}` : '';
  return `${title} (${mark ? `${mark} chart` : 'chart'}${rows})`;
}

function titleText(title: unknown): string | undefined {
  if (typeof title === 'string') return title;
  if (Array.isArray(title)) return title.join(' ');
  if (title !== null && typeof title === 'object' && 'text' in title) return titleText(title.text);
  return undefined;
}

function markName(spec: Record<string, unknown>): string | undefined {
  const mark =
    spec.mark ?? (Array.isArray(spec.layer) ? (spec.layer[0] as Record<string, unknown>)?.mark : undefined);
  const type = typeof mark === 'string' ? mark : (mark as { type?: unknown } | undefined)?.type;
  const names: Record<string, string> = { rect: 'heatmap', point: 'scatter', circle: 'scatter' };
  return typeof type === 'string' ? (names[type] ?? type) : undefined;
}
