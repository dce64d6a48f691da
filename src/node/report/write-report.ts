import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildReport, type ReportModel } from '../../experiment/report-model.js';
import { reportHtml } from '../../experiment/report-html.js';
import { writeFileAtomic } from '../write-atomic.js';
import { readResults } from './read-results.js';
import { canRenderPng, PNG_RENDERER } from './render-png.js';
import { prefixSvgIds } from './render-svg.js';
import { writeFigure } from './write-figure.js';
import { infersimVersion } from './version.js';

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** Heading (default: the sweep's or scenario's name). */
  title?: string;
  /** SLA in ms for the latency plots (default: from the sweep's base scenario or bundled pipeline). */
  slaMs?: number;
  /** A policy label: the tables add every other policy's difference from it, paired by seed. */
  baseline?: string;
  /** Date shown in the header (default now), so tests can make byte-identical reports. */
  generatedAt?: string;
  /**
   * PNGs next to the SVGs: `'auto'` (default) when the optional rasteriser (@resvg/resvg-js) is
   * installed, with a note on the page when it is not; `true` requires it; `false` writes none.
   */
  png?: boolean | 'auto';
  /** A vector PDF next to every SVG (needs the optional pdfkit and svg-to-pdfkit); default false. */
  pdf?: boolean;
}

/** What {@link writeReport} wrote. */
export interface WrittenReport {
  /** Path of the page. */
  index: string;
  /** Paths of the figures, one SVG each (plus its Vega-Lite spec as `.vl.json`). */
  svgs: string[];
  /** Paths of the PNGs, one per figure in the order of `svgs`, when they were written. */
  pngs: string[];
  /** Paths of the PDFs, one per figure in the order of `svgs`, with `pdf`. */
  pdfs: string[];
  model: ReportModel;
}

/**
 * Writes an HTML report of results (a sweep directory or a result JSON; see `readResults`) into
 * `outDir`: `index.html` with the tables and every figure inline, and `plots/<id>.svg` (titled),
 * `plots/<id>.png` (2x, when the optional rasteriser is installed) and `plots/<id>.vl.json` (the
 * spec, to restyle in a notebook or the Vega editor). Every file is
 * written to a temporary name and renamed, and the page last, so a reader never sees half a page
 * nor a page pointing at missing figures.
 *
 * @example
 * ```ts
 * import { writeReport } from 'infersim/node';
 * const { index } = await writeReport('out/my-sweep', 'out/my-sweep/report');
 * ```
 */
export async function writeReport(results: string, outDir: string, options: WriteReportOptions = {}): Promise<WrittenReport> {
  const loaded = readResults(results);
  const model = buildReport({
    title: options.title ?? loaded.title,
    source: loaded.source,
    rows: loaded.rows,
    series: loaded.series,
    latency: loaded.latency,
    slaMs: options.slaMs ?? loaded.slaMs,
    baseline: options.baseline,
    version: infersimVersion(),
    generatedAt: options.generatedAt ?? new Date().toISOString(),
  });
  model.notes.push(...loaded.warnings);
  const plotsDir = join(resolve(outDir), 'plots');
  mkdirSync(plotsDir, { recursive: true });
  const inline: Record<string, string> = {};
  const svgs: string[] = [];
  const pngs: string[] = [];
  const pdfs: string[] = [];
  const wantPng = options.png ?? 'auto';
  if (wantPng === 'auto' && model.figures.length > 0 && !(await canRenderPng())) {
    model.notes.push(`No PNG figures: the optional package ${PNG_RENDERER.packageName} is not installed (npm install ${PNG_RENDERER.packageName}@${PNG_RENDERER.version}).`);
  }
  for (const [i, fig] of model.figures.entries()) {
    const written = await writeFigure(join(plotsDir, fig.id), fig.spec, { title: fig.title, png: wantPng, pdf: options.pdf });
    svgs.push(written.svg);
    if (written.png) pngs.push(written.png);
    if (written.pdf) pdfs.push(written.pdf);
    // Inline copies get figure-specific ids: vega numbers clip paths from 1 in every SVG.
    inline[fig.id] = prefixSvgIds(written.svgText, `f${i}-`);
  }
  const index = join(resolve(outDir), 'index.html');
  writeFileAtomic(index, reportHtml(model, inline));
  return { index, svgs, pngs, pdfs, model };
}
