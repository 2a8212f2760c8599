import { Resvg } from '@resvg/resvg-js';
import { theme } from './theme';

/**
 * Rasterises an SVG document to PNG bytes with resvg, `scale` pixels per SVG unit. The system
 * fonts are loaded (without them resvg draws no text); families the SVG names that are missing
 * fall back to DejaVu Sans, then whatever sans-serif the system has.
 */
export function svgToPng(svg: string, scale = 1): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: theme.config.background,
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
