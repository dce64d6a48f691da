/** The optional package that rasterises SVG to PNG, and the version infersim is tested with. */
export const PNG_RENDERER = { packageName: '@resvg/resvg-js', version: '2.6.2' } as const;

/** Thrown by {@link renderPng} when the optional rasteriser is not installed. */
export class PngRendererMissingError extends Error {
  override readonly name = 'PngRendererMissingError';
  constructor(options?: { cause?: unknown }) {
    super(`PNG figures need the optional package ${PNG_RENDERER.packageName}, which is not installed: npm install ${PNG_RENDERER.packageName}@${PNG_RENDERER.version}`, options);
  }
}

/** Options of {@link renderPng}. */
export interface RenderPngOptions {
  /** Pixels per SVG pixel (default 2: sharp in a paper or on a high-density screen). */
  scale?: number;
  /** Background colour (default white: vega's SVGs are transparent, unreadable on a dark viewer). */
  background?: string;
}

type Resvg = typeof import('@resvg/resvg-js');
let loaded: Promise<Resvg> | undefined;

/** Imports the rasteriser once; a missing package becomes a {@link PngRendererMissingError}. */
function loadResvg(): Promise<Resvg> {
  loaded ??= import('@resvg/resvg-js').catch((err: unknown) => {
    loaded = undefined;
    if (isNotFound(err) || isNotFound((err as { cause?: unknown } | undefined)?.cause)) throw new PngRendererMissingError({ cause: err });
    throw err;
  });
  return loaded;
}

/** A "module not found" for the rasteriser (or for its platform binary package). */
function isNotFound(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /cannot find (module|package)/i.test(err.message)) && err.message.includes('@resvg/resvg-js');
}

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
 * PNG has no text. Throws a {@link PngRendererMissingError} naming what to install when it is absent.
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
