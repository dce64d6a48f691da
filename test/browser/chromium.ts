import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { Browser } from 'playwright-core';

/**
 * Debian's chromium, where CI installs it (.ci/run); `CHROMIUM_PATH` names another one (and, set to
 * a missing file, turns the browser tests off). Browser tests skip with a message when there is
 * none, so `npm test` works on a laptop without it.
 */
export const CHROMIUM = (process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ['/usr/bin/chromium', '/usr/bin/chromium-browser']).find((p) => existsSync(p));

/** Why browser tests are skipped, printed once per file. */
export const SKIP_REASON = 'chromium not found (apt-get install chromium, or set CHROMIUM_PATH): skipping the headless browser tests';

/** Flags for a sandboxless, offline, quiet headless chromium in a container. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless chromium (a fresh profile each time: playwright makes a temporary one). */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};

/**
 * Serves `dir` on 127.0.0.1 (a free port) for a page test; `overrides` maps URL paths to contents
 * served instead of files (the playground's bundle, built in memory). Only loopback: tests never
 * reach the network.
 */
export async function serveDir(dir: string, overrides: Record<string, string> = {}): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const rel = path.endsWith('/') ? `${path}index.html` : path;
    const body = overrides[rel];
    const file = normalize(join(dir, rel));
    if (body === undefined && (!file.startsWith(normalize(dir) + sep) || !existsSync(file))) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' });
    res.end(body ?? readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, server };
}
