import { writeFileSync, renameSync } from 'node:fs';
import type { VegaLiteSpec } from '../../experiment/plots/vega-lite-spec.js';
import { writeFileAtomic } from '../write-atomic.js';
import { renderPdf } from './render-pdf.js';
import { canRenderPng, renderPng } from './render-png.js';
import { renderSvg } from './render-svg.js';

/** Which files {@link writeFigure} writes besides the SVG. */
export interface WriteFigureOptions {
  /** The figure's title, written into the SVG as its `<title>` (shown by viewers, read by screen readers). */
  title: string;
  /** `true`: PNG too, failing when the rasteriser is missing; `false`: none; `'auto'` (default): when it is installed. */
  png?: boolean | 'auto';
  /** `true`: a vector PDF too (optional pdfkit and svg-to-pdfkit, failing when missing); default false. */
  pdf?: boolean;
}

/** The files of one figure. */
export interface WrittenFigure {
  svg: string;
  spec: string;
  /** The PNG, when one was written. */
  png?: string;
  /** The PDF, when one was written. */
  pdf?: string;
  /** The SVG text as written (title included), e.g. to inline in a page. */
  svgText: string;
}

/**
 * Writes one figure as `<base>.svg` (with a `<title>`), `<base>.vl.json` (its Vega-Lite spec, to
 * restyle), `<base>.png` (2x, white background) and, with `pdf`, `<base>.pdf` (vector), each atomically. The one way reports and
 * training write figures.
 */
export async function writeFigure(base: string, spec: VegaLiteSpec | object, options: WriteFigureOptions): Promise<WrittenFigure> {
  const svgText = withSvgTitle(await renderSvg(spec), options.title);
  const out: WrittenFigure = { svg: `${base}.svg`, spec: `${base}.vl.json`, svgText };
  writeFileAtomic(out.svg, svgText);
  writeFileAtomic(out.spec, JSON.stringify(spec, null, 1) + '\n');
  const png = options.png ?? 'auto';
  if (png === true || (png === 'auto' && (await canRenderPng()))) {
    out.png = `${base}.png`;
    const tmp = `${out.png}.${process.pid}.tmp`;
    writeFileSync(tmp, await renderPng(svgText));
    renameSync(tmp, out.png);
  }
  if (options.pdf) {
    out.pdf = `${base}.pdf`;
    const tmp = `${out.pdf}.${process.pid}.tmp`;
    writeFileSync(tmp, await renderPdf(svgText, { title: options.title }));
    renameSync(tmp, out.pdf);
  }
  return out;
}

/** Escapes text for XML content. */
function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Puts `<title>` first inside the SVG's root element (replacing one already there), so a file
 * viewer, a browser tab and a screen reader name the figure.
 */
export function withSvgTitle(svg: string, title: string): string {
  const open = /<svg\b[^>]*>/.exec(svg);
  if (!open) return svg;
  const at = open.index + open[0].length;
  const rest = svg.slice(at).replace(/^\s*<title>[\s\S]*?<\/title>/, '');
  return `${svg.slice(0, at)}<title>${xmlText(title)}</title>${rest}`;
}
