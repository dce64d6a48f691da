/**
 * docs/hetero.md quotes the tables `examples/hetero/compare.ts` writes; this checks the doc holds them
 * verbatim and that a rerun of some of their rows (seed 1) gives the same figures (decision times,
 * wall times, excepted).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CANDIDATES, formatRows, runRow, type Row } from '../../../examples/hetero/compare-lib.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const results = JSON.parse(read('examples/hetero/results/results.json')) as { minutes: number; seeds: number; rows: Row[] };
const withoutDecisionTimes = (line: string) => line.split('|').filter((_, i) => i !== 9).join('|');

describe('docs/hetero.md and examples/hetero/compare.ts', () => {
  it('the doc quotes the script\'s tables verbatim', () => {
    const doc = read('docs/hetero.md');
    expect(doc).toContain(read('examples/hetero/results/table.md').trim());
    expect(doc).toContain(read('examples/hetero/results/seeds.md').trim());
  });

  it.each([
    ['video-hetero', 'energy-slo (min accuracy 0.49)'],
    ['video-hetero', 'inferline'],
    ['traffic-graph', 'loki (cpu only, early drop)'],
  ])('a rerun of %s / %s (seed 1) gives the table\'s row', async (pipeline, label) => {
    const entry = CANDIDATES.find((e) => e.label === label)!;
    const stored = results.rows.find((r) => r.pipeline === pipeline && r.policy === label && r.seed === 1)!;
    const row = await runRow(pipeline, entry, 1, results.minutes);
    expect(withoutDecisionTimes(formatRows([row]).split('\n')[2])).toBe(withoutDecisionTimes(formatRows([stored]).split('\n')[2]));
  });
});
