import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlayground, PLAYGROUND_DIR } from '../../scripts/build-playground.js';
import { simulate, type Summary } from '../../src/index.js';
import { playgroundScenario, type PlaygroundChoice } from '../../docs/playground/src/scenario.js';
// Type-only: brings the page's DOM code into `npm run typecheck` (tsconfig does not include docs/).
import type {} from '../../docs/playground/src/main.js';
import { CHROMIUM, launchChromium, serveDir, SKIP_REASON } from './chromium.js';

let bundle: { code: string; inputs: string[] } | undefined;
async function playgroundBundle() {
  bundle ??= await buildPlayground({ write: false });
  return bundle;
}

describe('buildPlayground()', () => {
  it('bundles the core, the plots, vega and vega-lite with no Node built-in', async () => {
    const { code, inputs } = await playgroundBundle();
    expect(inputs).toContain('src/sim/simulate.ts');
    expect(inputs).toContain('src/experiment/plots/load-cores-plot.ts');
    expect(inputs.some((f) => f.includes('node_modules/vega-lite/'))).toBe(true);
    expect(inputs.filter((f) => /^(node:|fs$|path$)/.test(f))).toEqual([]);
    expect(code.length).toBeGreaterThan(100_000);
  });

  it('fails, naming the importer, when anything imports a Node built-in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infersim-pg-'));
    const entry = join(dir, 'bad.ts');
    writeFileSync(entry, "import { readFileSync } from 'node:fs';\nconsole.log(readFileSync);\n");
    await expect(buildPlayground({ entry, write: false })).rejects.toThrow(/Node built-in "node:fs" imported by .*bad\.ts/);
  });
});

if (!CHROMIUM) console.warn(`test/browser/playground.test.ts: ${SKIP_REASON}`);

describe.skipIf(!CHROMIUM)('docs/playground in headless chromium', () => {
  let browser: Browser;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const { code } = await playgroundBundle();
    ({ url, server } = await serveDir(PLAYGROUND_DIR, { '/app.js': code }));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('runs a scenario picked in the page; its summary equals simulate() in Node for the same seed', async () => {
    const page = await browser.newPage({ viewport: { width: 1250, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.state === 'idle');
    // Every registered policy is offered.
    const policies = await page.$$eval('#policy option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(policies).toContain('static');

    const choice: PlaygroundChoice = { pipeline: 'video', workload: 'steady_low', policy: 'static', seed: 3, sizing: 'lightest' };
    await page.selectOption('#pipeline', choice.pipeline);
    await page.selectOption('#workload', choice.workload);
    await page.selectOption('#policy', choice.policy);
    await page.selectOption('#sizing', choice.sizing!);
    await page.fill('#seed', String(choice.seed));
    await page.click('#run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
    expect(await page.textContent('#status')).toMatch(/^done/);

    // Playwright's serialiser keeps NaN and Infinity, so the summary compares exactly.
    const inPage = await page.evaluate(() => ({ scenario: window.__lastScenario, summary: window.__lastResult!.summary }));
    const scenario = playgroundScenario(choice);
    expect(inPage.scenario).toEqual(scenario);
    const node = await simulate(scenario);
    expect(inPage.summary as Summary).toEqual(node.summary);
    expect(node.summary.requests).toBeGreaterThan(1000);

    // The page shows the same numbers as JSON, and draws its five plots as SVG.
    expect(JSON.parse((await page.textContent('#summary-json')) ?? '')).toEqual(JSON.parse(JSON.stringify(node.summary)));
    expect(await page.locator('#plots svg.marks').count()).toBe(5);
    expect(problems).toEqual([]);
    await page.close();
  });
});
