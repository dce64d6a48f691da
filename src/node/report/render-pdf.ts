import { importOptional } from '../../util/optional-import.js';

/**
 * The part of pdfkit and svg-to-pdfkit used here, declared rather than imported: both are optional
 * peers (not installed by default), and pdfkit's types live in a separate @types package.
 */
interface PdfDocument {
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (err: unknown) => void): unknown;
  end(): void;
}
type PdfDocumentClass = new (options: { size: [number, number]; margin: number; info: Record<string, string>; compress?: boolean }) => PdfDocument;
type SvgToPdf = (doc: PdfDocument, svg: string, x: number, y: number, options: { width: number; height: number; assumePt: boolean; warningCallback?: (message: string) => void }) => void;

const FEATURE = 'Rendering a PDF figure';

/** Options of {@link renderPdf}. */
export interface RenderPdfOptions {
  /** The document's title (its PDF metadata), e.g. the figure's title. */
  title?: string;
}

/** Whether PDFs can be rendered here (the optional pdfkit and svg-to-pdfkit are installed and load). */
export async function canRenderPdf(): Promise<boolean> {
  try {
    await Promise.all([importOptional('pdfkit', FEATURE), importOptional('svg-to-pdfkit', FEATURE)]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Converts an SVG (e.g. from `renderSvg`) to a one-page vector PDF of the same size (1 SVG pixel = 1
 * pt), with pdfkit and svg-to-pdfkit: pure JavaScript, optional peer dependencies loaded on the first
 * call. Text stays text, set in the standard PDF fonts (Helvetica for vega's sans-serif), so nothing
 * is embedded or fetched. Throws a `MissingOptionalDependencyError` naming what to install when
 * either package is absent.
 *
 * @example
 * ```ts
 * import { renderPdf, renderSvg } from 'infersim/node';
 * writeFileSync('p99.pdf', await renderPdf(await renderSvg(latencyPlot([run], { slaMs: 1000 })), { title: 'p99' }));
 * ```
 */
export async function renderPdf(svg: string, options: RenderPdfOptions = {}): Promise<Uint8Array> {
  const pdfkit = await importOptional<{ default: PdfDocumentClass }>('pdfkit', FEATURE);
  const svgToPdf = await importOptional<{ default: SvgToPdf }>('svg-to-pdfkit', FEATURE);
  const size = svgSize(svg);
  const doc = new pdfkit.default({ size: [size.width, size.height], margin: 0, info: { ...(options.title ? { Title: options.title } : {}), Creator: 'infersim' } });
  const chunks: Uint8Array[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  svgToPdf.default(doc, svg, 0, 0, { width: size.width, height: size.height, assumePt: true });
  doc.end();
  await done;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The SVG's width and height attributes (what vega writes), in px. */
function svgSize(svg: string): { width: number; height: number } {
  const open = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const attr = (name: string) => Number(new RegExp(`\\b${name}="([\\d.]+)(px)?"`).exec(open)?.[1]);
  const width = attr('width');
  const height = attr('height');
  if (!(width > 0 && height > 0)) throw new Error(`renderPdf: the SVG has no positive width and height attributes (got ${JSON.stringify(open.slice(0, 120))})`);
  return { width, height };
}
