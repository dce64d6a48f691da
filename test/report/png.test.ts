import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latencyPlot } from '../../src/experiment/plots/latency-plot.js';
import { simulate } from '../../src/sim/simulate.js';
import { renderPng } from '../../src/node/report/render-png.js';
import { withSvgTitle, writeFigure } from '../../src/node/report/write-figure.js';
import { tinyScenario, withoutPackage } from './fixtures.js';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

describe('figures as SVG with a title, and PNG', () => {
  it('writeFigure writes a titled SVG, its spec and a 2x PNG of the same size', async () => {
    const r = await simulate(tinyScenario('static-small', 12, 1));
    const dir = mkdtempSync(join(tmpdir(), 'infersim-fig-'));
    const fig = await writeFigure(join(dir, 'p99'), latencyPlot([r], { slaMs: 800 }), { title: 'p99 latency <tiny> & co' });
    const svg = readFileSync(fig.svg, 'utf8');
    expect(svg).toMatch(/^<svg[^>]*><title>p99 latency &lt;tiny&gt; &amp; co<\/title>/);
    expect(JSON.parse(readFileSync(fig.spec, 'utf8')).layer).toBeDefined();
    const png = new Uint8Array(readFileSync(fig.png!));
    expect([...png.subarray(0, 8)]).toEqual(PNG_MAGIC);
    const w = Number(/<svg[^>]*\bwidth="(\d+)"/.exec(svg)![1]);
    const h = Number(/<svg[^>]*\bheight="(\d+)"/.exec(svg)![1]);
    expect(pngSize(png)).toEqual({ width: 2 * w, height: 2 * h });
    // Not blank: a white background with dark marks and text.
    expect(png.length).toBeGreaterThan(5000);
  });

  it('withSvgTitle replaces a title already there', () => {
    expect(withSvgTitle('<svg a="1"><title>old</title><g/></svg>', 'new')).toBe('<svg a="1"><title>new</title><g/></svg>');
  });

  it('without the optional rasteriser: an error naming the package to install', async () => {
    await withoutPackage('@resvg/resvg-js', async () => {
      const m = await import('../../src/node/report/render-png.js');
      await expect(m.renderPng('<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>')).rejects.toThrow('Rendering a PNG figure needs the optional package @resvg/resvg-js, which is not installed: npm install @resvg/resvg-js@2.6.2');
      expect(await m.canRenderPng()).toBe(false);
    });
    expect((await renderPng('<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>')).length).toBeGreaterThan(8);
  });
});
