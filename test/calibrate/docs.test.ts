import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('docs/calibration.md', () => {
  it('quotes the self-check table exactly as examples/calibrate/self-check.ts last wrote it', () => {
    const doc = readFileSync(join(root, 'docs', 'calibration.md'), 'utf8');
    const table = readFileSync(join(root, 'examples', 'calibrate', 'results', 'self-check.md'), 'utf8');
    const quoted = /<!-- self-check -->\n([\s\S]*?)<!-- \/self-check -->/.exec(doc)?.[1];
    expect(quoted).toBe(table);
  });
});

describe('docs/reproducing-ipa-results.md, calibration section', () => {
  it('quotes the table examples/calibrate/ipa.ts last wrote', () => {
    const doc = readFileSync(join(root, 'docs', 'reproducing-ipa-results.md'), 'utf8');
    const table = readFileSync(join(root, 'examples', 'calibrate', 'results', 'ipa.md'), 'utf8');
    expect(/<!-- ipa-calibration -->\n([\s\S]*?)<!-- \/ipa-calibration -->/.exec(doc)?.[1]).toBe(table);
  });
});
