import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docTables } from '../../examples/ipa/doc-tables.js';

// docs/reproducing-ipa-results.md embeds tables derived from the committed results of
// `examples/ipa/run.ts` (per-run settings against one setting per pipeline; ipa-energy against ipa; per pipeline against the
// paper's stated and inferred values).
// `examples/ipa/doc-tables.ts` derives them; the doc must quote exactly that.

const doc = readFileSync(new URL('../../docs/reproducing-ipa-results.md', import.meta.url), 'utf8');
const block = (name: string) => doc.split(`<!-- ${name} -->\n`)[1]?.split(`<!-- /${name} -->`)[0];

describe('docs/reproducing-ipa-results.md: derived tables', () => {
  it('quotes the per-run, energy, agreement and PAS tables examples/ipa/doc-tables.ts derives from the results', () => {
    const t = docTables();
    expect(block('per-run')).toBe(t.perRun);
    expect(block('energy')).toBe(t.energy);
    expect(block('agreement')).toBe(t.agreement);
    expect(block('pas')).toBe(t.pas);
    expect(t.perRun.split('\n').length).toBeGreaterThan(3);
  });
});
