import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /**
   * Prefix for every `id` in the SVG and every reference to one. Vega numbers clip paths and
   * gradients from 1 in each SVG, so several SVGs inlined in one HTML page would share ids and clip
   * each other's marks; a distinct prefix per figure keeps them apart.
   */
  idPrefix?: string;
}

/**
 * Renders a Vega-Lite spec to an SVG string in Node, with no browser: vega-lite compiles the spec
 * to Vega, and a headless vega `View` (renderer `none`) draws it to SVG. Text widths are estimated
 * (no canvas), which is close enough for axis layout.
 *
 * @example
 * ```ts
 * import { renderSvg } from 'infersim/node';
 * import { loadCoresPlot } from 'infersim';
 * writeFileSync('load-cores.svg', await renderSvg(loadCoresPlot([runA, runB])));
 * ```
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderSvgOptions = {}): Promise<string> {
  const vg = compile(spec).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return options.idPrefix ? prefixSvgIds(svg, options.idPrefix) : svg;
  } finally {
    view.finalize();
  }
}

/**
 * Rewrites `id="x"`, `url(#x)` and `href="#x"` in an SVG to use `prefix` + x, so several SVGs can be
 * inlined in one page without their ids colliding.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}${id}"`);
}
