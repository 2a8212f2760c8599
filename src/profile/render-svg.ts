/** A vega-lite spec as plain JSON (vega-lite's own types stay out of the public .d.ts, for tslab). */
export type VegaLiteSpec = Record<string, unknown>;

/**
 * Renders a vega-lite spec to an SVG string on the server: vega-lite compiles it to vega, a View
 * without a renderer evaluates it and `toSVG` writes the scene. vega and vega-lite are loaded on
 * first use so importing the profiler stays fast; their warnings are silenced (errors throw).
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const [vl, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  // biome-ignore lint/suspicious/noExplicitAny: the spec is JSON that vega-lite checks itself.
  const compiled = vl.compile(spec as any, { logger: vega.logger(vega.Error) });
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
