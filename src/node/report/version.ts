import { readFileSync } from 'node:fs';

/**
 * infersim's version from its package.json (three folders up from both `src/node/report` and
 * `dist/node/report`), for a report's provenance; `unknown` if it cannot be read.
 */
export function infersimVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
