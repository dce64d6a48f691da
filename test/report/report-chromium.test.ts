import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../src/node/report/write-report.js';
import { CHROMIUM, launchChromium, SKIP_REASON } from '../browser/chromium.js';
import { tinySweepDir } from './fixtures.js';

if (!CHROMIUM) console.warn(`test/report/report-chromium.test.ts: ${SKIP_REASON}`);

describe.skipIf(!CHROMIUM)('infersim report page in headless chromium', () => {
  it('renders: tables, every figure an SVG with marks, no console error', async () => {
    const { dir } = await tinySweepDir([1, 2]);
    const out = join(mkdtempSync(join(tmpdir(), 'infersim-report-')), 'rep');
    const { index, model } = await writeReport(dir, out);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
      await page.goto(pathToFileURL(index).href);

      expect(await page.title()).toBe('tiny-sweep · infersim report');
      expect(await page.locator('table.summary').count()).toBe(2);
      expect(await page.locator('table.summary tbody tr').count()).toBe(4);
      const figures = model.figures.length;
      expect(figures).toBe(12);
      expect(await page.locator('figure svg.marks').count()).toBe(figures);
      // Rendered, not just present: every SVG has a laid-out box and drawn paths.
      const boxes = await page.$$eval('figure svg.marks', (svgs) =>
        svgs.map((s) => ({ w: s.getBoundingClientRect().width, h: s.getBoundingClientRect().height, paths: s.querySelectorAll('path').length })),
      );
      for (const b of boxes) {
        expect(b.w).toBeGreaterThan(300);
        expect(b.h).toBeGreaterThan(150);
        expect(b.paths).toBeGreaterThan(3);
      }
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
