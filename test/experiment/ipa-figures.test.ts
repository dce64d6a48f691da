import { describe, expect, it } from 'vitest';
import { ablationSpec, cdfRows, cdfSpec, decisionSpec, e2eSpec, intervalRows, perSecondP99, preferenceSpec } from '../../examples/ipa/figures.js';
import { renderSvg } from '../../src/node/index.js';
import type { SimulationResult } from '../../src/index.js';

// The figure helpers of examples/ipa: folding per-second series into IPA's 10 s adaptation
// intervals, the CDF rows, and that every figure spec renders to SVG.

/** A result with only the per-second series the helpers read. */
function fake(seconds: number, f: (t: number) => { cores: number; completed: number; accuracy: number; p99: number }): SimulationResult {
  const t = Array.from({ length: seconds }, (_, i) => i);
  const v = t.map(f);
  return { series: { intervalS: 1, t, cores: v.map((x) => x.cores), completed: v.map((x) => x.completed), accuracy: v.map((x) => x.accuracy), p99LatencyMs: v.map((x) => x.p99) } } as unknown as SimulationResult;
}

describe('IPA figure helpers', () => {
  it('folds seconds into 10 s intervals: cores averaged, PAS weighted by completions, warm-up left out', () => {
    // Cores = second index; PAS 1 on even seconds (1 completion), 0 on odd ones (3 completions).
    const r = fake(40, (i) => ({ cores: i, completed: i % 2 ? 3 : 1, accuracy: i % 2 ? 0 : 1, p99: 100 + i }));
    const rows = intervalRows('p', 'w', 'ipa', r, 10);
    expect(rows.map((x) => x.t)).toEqual([10, 20, 30]);
    expect(rows.map((x) => x.cores)).toEqual([14.5, 24.5, 34.5]);
    for (const x of rows) expect(x.accuracy).toBeCloseTo(5 / 20, 12); // 5 x 1 of 5 x 1 + 5 x 3
    expect(perSecondP99(r, 38)).toEqual([138, 139]);
  });

  it('a CDF is non-decreasing in value and share and ends at 1', () => {
    const rows = cdfRows([5, 1, 4, 1, 3, 9, 2, 6], 3);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i].value).toBeGreaterThanOrEqual(rows[i - 1].value);
      expect(rows[i].share).toBeGreaterThan(rows[i - 1].share);
    }
    expect(rows[rows.length - 1]).toEqual({ value: 9, share: 1 });
    expect(rows.length).toBeLessThanOrEqual(3 + 1);
  });

  it('every figure spec renders to SVG', async () => {
    const intervals = [0, 10, 20].flatMap((t) => ['ipa', 'rim'].map((policy) => ({ pipeline: 'video', workload: 'bursty', policy, t, cores: 2 + t / 10, accuracy: 0.4 })));
    const specs = [
      e2eSpec('video', 8, intervals),
      decisionSpec([{ stages: 1, variants: 5, decisionMs: 0.1 }, { stages: 2, variants: 5, decisionMs: 0.3 }]),
      preferenceSpec([{ alpha: 2, beta: 1, cores: 3, accuracy: 0.4 }]),
      cdfSpec(cdfRows([1, 2, 3]).map((r) => ({ pipeline: 'video', policy: 'ipa', ...r }))),
      ablationSpec([{ pipeline: 'video', predictor: 'lstm', cores: 3, accuracy: 0.4, slaViolationRate: 0.01 }]),
    ];
    for (const spec of specs) expect(await renderSvg(spec)).toMatch(/^<svg[\s\S]*<\/svg>$/);
  });
});

describe('orders against the paper', () => {
  it('counts the pairs of systems whose order matches the plotted means', async () => {
    const { orderAgreement } = await import('../../examples/ipa/paper.js');
    const cell = (policy: string, cores: number) => ({ pipeline: 'p', workload: 'w', policy, seeds: 1, cores, accuracy: 0.5, slaViolationRate: 0, p99Ms: 0, energyKJ: 0, requests: 0, dropped: 0, reconfigurations: 0, decisionMs: 0 });
    const claim = (policy: string, paper: number) => ({ id: policy, claim: policy, paper, unit: 'cores', provenance: { kind: 'test', source: 'test' }, cell: { pipeline: 'p', workload: 'w', policy, metric: 'cores' as const } });
    const cells = [cell('ipa', 10), cell('fa2-low', 8), cell('rim', 20)];
    // Paper: rim > ipa > fa2-low, here too: 3 of 3. Swap ipa and fa2-low in the paper: 2 of 3.
    expect(orderAgreement(cells, [claim('ipa', 5), claim('fa2-low', 4), claim('rim', 9)])).toEqual({ agree: 3, pairs: 3 });
    expect(orderAgreement(cells, [claim('ipa', 4), claim('fa2-low', 5), claim('rim', 9)])).toEqual({ agree: 2, pairs: 3 });
    expect(orderAgreement(cells, [claim('ipa', 4)])).toBeUndefined();
  });
});

describe('inferred targets', () => {
  it('judges a mean against its favoured candidate, or against every candidate when none is favoured', async () => {
    const { inferredVerdict } = await import('../../examples/ipa/paper.js');
    // 2.975 cores with the paper 52% off: 1.96 (ours above) or 6.2 (ours below).
    expect(inferredVerdict(6, { paper: 6.2, candidates: [1.96, 6.2], favoured: 6.2 }).verdict).toBe('within');
    expect(inferredVerdict(3.4, { paper: 6.2, candidates: [1.96, 6.2], favoured: 6.2 }).verdict).toBe('off');
    // No favoured candidate: 24 is within 30% of both 19.56 and 28.15; 27 only of 28.15 (+38% over 19.56).
    expect(inferredVerdict(24, { paper: 19.56, candidates: [19.56, 28.15], favoured: null }).verdict).toBe('within');
    expect(inferredVerdict(27, { paper: 19.56, candidates: [19.56, 28.15], favoured: null }).verdict).toBe('one of');
    expect(inferredVerdict(60, { paper: 19.56, candidates: [19.56, 28.15], favoured: null }).verdict).toBe('off');
    expect(inferredVerdict(24, { paper: 20, candidates: [20, 30], favoured: null }).errors).toBe('+20% vs 20, -20% vs 30');
  });
});
