import { importOptional, OPTIONAL_PACKAGES } from '../../util/optional-import.js';

/** Options of {@link renderPng}. */
export interface RenderPngOptions {
  /** Pixels per SVG pixel (default 2: sharp in a paper or on a high-density screen). */
  scale?: number;
  /** Background colour (default white: vega's SVGs are transparent, unreadable on a dark viewer). */
  background?: string;
}

type Resvg = typeof import('@resvg/resvg-js');

/** The rasteriser, through the shared optional-package loader (a missing one is named). */
const loadResvg = (): Promise<Resvg> => importOptional<Resvg>('@resvg/resvg-js', 'Rendering a PNG figure');

/** The optional package that rasterises SVG to PNG, and the version infersim is tested with. */
export const PNG_RENDERER = { packageName: '@resvg/resvg-js', version: OPTIONAL_PACKAGES['@resvg/resvg-js'] } as const;

/** Whether PNGs can be rendered here (the optional rasteriser is installed and loads). */
export async function canRenderPng(): Promise<boolean> {
  try {
    await loadResvg();
    return true;
  } catch {
    return false;
  }
}

/**
 * Rasterises an SVG (e.g. from `renderSvg`) to PNG bytes with resvg, a Rust SVG renderer shipped as
 * a prebuilt binary inside its npm package (an optional dependency of infersim, loaded on the first
 * call). Text uses the system's fonts (sans-serif, as vega asks for); without any installed font the
 * PNG has no text. Throws a `MissingOptionalDependencyError` naming what to install when it is absent.
 *
 * @example
 * ```ts
 * import { renderPng, renderSvg } from 'infersim/node';
 * writeFileSync('p99.png', await renderPng(await renderSvg(latencyPlot([run], { slaMs: 1000 }))));
 * ```
 */
export async function renderPng(svg: string, options: RenderPngOptions = {}): Promise<Uint8Array> {
  const { Resvg } = await loadResvg();
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: options.background ?? 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return r.render().asPng();
}
