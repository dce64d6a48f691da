import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { latencyPlot } from '../../src/experiment/plots/latency-plot.js';
import { renderPdf } from '../../src/node/report/render-pdf.js';
import { writeFigure } from '../../src/node/report/write-figure.js';
import { simulate } from '../../src/sim/simulate.js';
import { tinyScenario, withoutPackage } from './fixtures.js';

/** The text of a PDF's content streams (pdfkit deflates them). */
function contentStreams(pdf: Buffer): string {
  const out: string[] = [];
  for (const m of pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)endstream/g)) {
    try {
      out.push(inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1'));
    } catch {
      // Not a deflated stream (e.g. font data): skip.
    }
  }
  return out.join('\n');
}

describe('figures as vector PDF', () => {
  it('writeFigure({ pdf: true }) writes a one-page PDF of the SVG size, its marks as paths and its labels as text', async () => {
    const r = await simulate(tinyScenario('static-small', 12, 1));
    const dir = mkdtempSync(join(tmpdir(), 'infersim-pdf-'));
    const fig = await writeFigure(join(dir, 'p99'), latencyPlot([r], { slaMs: 800 }), { title: 'p99 latency', png: false, pdf: true });
    const pdf = readFileSync(fig.pdf!);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    const svg = readFileSync(fig.svg, 'utf8');
    const w = Number(/<svg[^>]*\bwidth="(\d+)"/.exec(svg)![1]);
    const h = Number(/<svg[^>]*\bheight="(\d+)"/.exec(svg)![1]);
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1);
    expect(text).toMatch(new RegExp(`/MediaBox \\[0 0 ${w} ${h}\\]`));
    // The title, in the document's metadata (pdfkit writes it as an indirect string object).
    const titleRef = /\/Title (\d+) 0 R/.exec(text)![1];
    expect(text).toContain(`\n${titleRef} 0 obj\n(p99 latency)\nendobj`);
    // Standard fonts only: nothing embedded or fetched.
    expect(text).toMatch(/\/BaseFont \/Helvetica/);
    const content = contentStreams(pdf);
    // One text object per SVG <text> (axis labels, ticks, titles), and stroked paths for the marks.
    const texts = (svg.match(/<text\b/g) ?? []).length;
    expect(texts).toBeGreaterThan(5);
    expect((content.match(/\bBT\b/g) ?? []).length).toBe(texts);
    expect((content.match(/ l\n/g) ?? []).length).toBeGreaterThan(20);
  });

  it('without the optional packages: an error naming what to install', async () => {
    await withoutPackage('pdfkit', async () => {
      const m = await import('../../src/node/report/render-pdf.js');
      await expect(m.renderPdf('<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>')).rejects.toThrow('Rendering a PDF figure needs the optional package pdfkit, which is not installed: npm install pdfkit@0.20.2');
      expect(await m.canRenderPdf()).toBe(false);
    });
    expect((await renderPdf('<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>')).length).toBeGreaterThan(100);
  });

  it('an SVG without a size is an error, not an empty page', async () => {
    await expect(renderPdf('<svg xmlns="http://www.w3.org/2000/svg"/>')).rejects.toThrow(/no positive width and height/);
  });
});
