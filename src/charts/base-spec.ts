import type { ChartOptions } from './chart-options';
import type { ChartRow, ChartSpec } from './chart-spec';
import { theme } from './theme';

/** The schema every spec declares (vega-lite v5, what JupyterLab's renderer expects). */
export const vegaLiteSchema = 'https://vega.github.io/schema/vega-lite/v5.json';

/**
 * The parts every chart shares: schema, title, inline data and the theme's config. The body
 * (mark, encoding, layer, sizes) is spread last.
 */
export function baseSpec(
  rows: readonly ChartRow[],
  options: ChartOptions,
  defaultTitle: string,
  body: object,
): ChartSpec {
  const text = options.title ?? defaultTitle;
  return {
    $schema: vegaLiteSchema,
    title: options.subtitle === undefined ? { text } : { text, subtitle: options.subtitle },
    data: { values: rows },
    ...body,
    config: theme.config,
  };
}
