import { describe, expect, it } from 'vitest';
import { bundledPipelines } from '../../src/bundled/index.js';
import { buildProblem, indicatorSlackMs } from '../../src/policies/solvers/build.js';
import { simulate } from '../../src/index.js';

// IPA's code adds (b - 1) / lambda with b the one-hot batch indicator, summed over every stage,
// variant and batch: 0 for the chosen batch, -1/lambda for each pair not chosen. The video pipeline
// has 2 stages x 5 variants and batch sizes 1, 2, 4, 8 (cap 8): 2 x 5 x 3 = 30 pairs not chosen.

const video = bundledPipelines.video;
const params = { slaMs: 6890, weights: { alpha: 2, beta: 1, gamma: 1e-6 }, accuracyMethod: 'sum' as const, normalizeAccuracy: true, scalingCap: 100 };

describe('batchWaitTerm', () => {
  it('indicator-slack loosens the SLA by sum_s V_s (B - 1) / lambda and drops the fill time', () => {
    expect(indicatorSlackMs(video, 10, 8)).toBeCloseTo((30 / 10) * 1000, 9);
    expect(indicatorSlackMs(video, 10, 1)).toBe(0);
    expect(indicatorSlackMs(video, 0, 8)).toBe(0);
    const fill = buildProblem(video, { ...params, lambdaRps: 10, batchingCap: 8 });
    const quirk = buildProblem(video, { ...params, lambdaRps: 10, batchingCap: 8, batchWaitTerm: 'indicator-slack' });
    expect(fill.slaMs).toBe(6890);
    expect(quirk.slaMs).toBeCloseTo(6890 + 3000, 9);
    const b8 = (p: typeof fill) => p.stages[0].candidates.find((c) => c.batch === 8)!;
    expect(b8(fill).queueMs).toBeCloseTo(700, 9); // (8 - 1) / 10 s
    expect(b8(quirk).queueMs).toBe(0);
    expect(b8(quirk).latencyMs).toBeCloseTo(b8(fill).latencyMs - 700, 9);
  });

  it('is a validated policy option', async () => {
    const run = (term: unknown) => simulate({ seed: 1, durationS: 30, pipeline: 'video', workload: { type: 'poisson', rps: 5 }, policy: { name: 'ipa', batchWaitTerm: term, predictor: 'reactive' } });
    await expect(run('indicator-slack')).resolves.toBeDefined();
    await expect(run('one-hot')).rejects.toThrow(/policy\.batchWaitTerm/);
  });
});
