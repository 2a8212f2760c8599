import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import type { ChartSpec } from './chart-spec';
import { renderSvg } from './render-svg';
import { svgToPng } from './svg-to-png';

/** Options of render. */
export type RenderOptions = {
  /** PNG pixels per SVG unit (default 2, sharp on high-density screens). */
  scale?: number;
};

/**
 * Writes a chart to `file`: `.svg` as the SVG document, `.png` rasterised by resvg with the
 * system fonts. Creates the folder. Resolves with the file's absolute path.
 *
 * @example
 * ```ts
 * await render(heatmap(rows, { x: 'month', y: 'store', value: 'revenue' }), 'target/charts/revenue.png');
 * ```
 */
export async function render(spec: ChartSpec, file: string, options: RenderOptions = {}): Promise<string> {
  const type = extname(file).toLowerCase();
  if (type !== '.svg' && type !== '.png') {
    throw new Error(`render: cannot write ${file}: the file name must end in .svg or .png.`);
  }
  const svg = await renderSvg(spec);
  const bytes = type === '.svg' ? Buffer.from(svg, 'utf8') : svgToPng(svg, options.scale ?? 2);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, bytes);
  return resolve(file);
}
