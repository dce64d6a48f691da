import { describe, expect, it } from 'vitest';
import { bundledPipelines } from '../../src/bundled/index.js';
import { buildProblem } from '../../src/policies/solvers/build.js';
import { throughputRps } from '../../src/profiles/variant.js';
import { simulate } from '../../src/index.js';

// IPA planned with the maximum throughput its profiler measured under a fixed offered load
// (`reference_throughput: max` at `profiling_load`), so no replica looked faster than that load.
// resnet18 at batch 8 is planned at its maxThroughputRps, 22.67 rps on one core (the profile's table:
// series 72's measured 17.65 rps at batch 1 times the classification stage's measured batch gain);
// capped at 20 rps with a -50% margin a replica counts for 10 rps.

const video = bundledPipelines.video;
const params = { slaMs: 6890, weights: { alpha: 2, beta: 1, gamma: 1e-6 }, accuracyMethod: 'sum' as const, normalizeAccuracy: true, scalingCap: 100, batchingCap: 8 };
const resnet18 = video.stages[1].variants.find((v) => v.name === 'resnet18')!;

describe('throughputCapRps', () => {
  it('caps each replica at the profiling load before the margin, per stage or for all', () => {
    const b8 = (p: ReturnType<typeof buildProblem>) => p.stages[1].candidates.find((c) => c.variant === 'resnet18' && c.batch === 8)!;
    const plain = buildProblem(video, { ...params, lambdaRps: 30 });
    expect(b8(plain).throughputRps).toBeCloseTo(throughputRps(resnet18, 8), 9);
    expect(throughputRps(resnet18, 8)).toBeGreaterThan(20);
    const capped = buildProblem(video, { ...params, lambdaRps: 30, throughputCapRps: [1000, 20], throughputMarginPct: -50 });
    expect(b8(capped).throughputRps).toBeCloseTo(10, 9);
    // The crop stage's cap (1000) is above any of its variants: nothing changes there.
    expect(capped.stages[0].candidates.map((c) => c.throughputRps)).toEqual(buildProblem(video, { ...params, lambdaRps: 30, throughputMarginPct: -50 }).stages[0].candidates.map((c) => c.throughputRps));
    // 30 rps needs ceil(30 / 10) = 3 capped replicas against ceil(30 / 22.67) = 2 uncapped.
    const opt = (p: ReturnType<typeof buildProblem>) => p.stages[1].options.find((o) => o.variant === 'resnet18' && o.batch === 8)!;
    expect(opt(capped).replicas).toBe(3);
    expect(opt(plain).replicas).toBe(2);
    expect(buildProblem(video, { ...params, lambdaRps: 30, throughputCapRps: 20 }).stages[1].candidates.every((c) => c.throughputRps <= 20)).toBe(true);
  });

  it('is a validated policy option: a load > 0 or one per stage', async () => {
    const run = (cap: unknown) => simulate({ seed: 1, durationS: 30, pipeline: 'video', workload: { type: 'poisson', rps: 5 }, policy: { name: 'ipa', throughputCapRps: cap, predictor: 'reactive' } });
    await expect(run([20, 20])).resolves.toBeDefined();
    await expect(run(20)).resolves.toBeDefined();
    await expect(run([20])).rejects.toThrow(/policy\.throughputCapRps.*2/);
    await expect(run([20, -1])).rejects.toThrow(/policy\.throughputCapRps\[1\]/);
  });
});
