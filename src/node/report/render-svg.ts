import type { TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from '../../experiment/plots/vega-lite-spec.js';
import { importOptional } from '../../util/optional-import.js';

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
 * Renders a Vega-Lite spec (a {@link VegaLiteSpec} from infersim's plots, or vega-lite's own
 * `TopLevelSpec`) to an SVG string in Node, with no browser: vega-lite compiles the spec
 * to Vega, and a headless vega `View` (renderer `none`) draws it to SVG. Text widths are estimated
 * (no canvas), which is close enough for axis layout. vega and vega-lite are optional peer
 * dependencies, imported on the first call: without them this rejects with a
 * `MissingOptionalDependencyError` naming the package to install.
 *
 * @example
 * ```ts
 * import { renderSvg } from 'infersim/node';
 * import { loadCoresPlot } from 'infersim';
 * writeFileSync('load-cores.svg', await renderSvg(loadCoresPlot([runA, runB])));
 * ```
 */
export async function renderSvg(spec: VegaLiteSpec | object, options: RenderSvgOptions = {}): Promise<string> {
  const { compile } = await importOptional<typeof import('vega-lite')>('vega-lite', 'Rendering a plot to SVG');
  const { parse, View } = await importOptional<typeof import('vega')>('vega', 'Rendering a plot to SVG');
  const vg = compile(spec as unknown as TopLevelSpec).spec;
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
