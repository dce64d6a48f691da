import { describe, expect, it } from 'vitest';
import { ipaRunOptions } from '../../src/policies/ipa-baselines.js';
import { simulate } from '../../src/sim/simulate.js';

/** A seeded 300 s run of a steady Poisson load the policy can serve. */
async function run(pipeline: string, rps: number, policy: { name: string } & Record<string, unknown>) {
  return simulate({ seed: 11, durationS: 300, pipeline, workload: { type: 'poisson', rps }, policy });
}

describe('policies inside a full simulation (steady load, 300 s, seeded)', () => {
  // `max` over the history provisions for the Poisson peaks; `initialRps` sizes the t = 0 deployment.
  const common = { predictor: 'max', initialRps: 20 };
  const cases: [string, { name: string } & Record<string, unknown>][] = [
    ['ipa (dp)', { name: 'ipa', ...common }],
    ['ipa (glpk)', { name: 'ipa', solver: 'glpk', ...common }],
    ['ipa (LSTM predictor, the default)', { name: 'ipa', initialRps: 20 }],
    ['fa2-low', { name: 'fa2-low', ...common }],
    ['fa2-high', { name: 'fa2-high', ...common }],
    ['fa2', { name: 'fa2', ...common }],
    ['rim', { name: 'rim', ...common }],
    ['greedy', { name: 'greedy', ...common }],
    ['random', { name: 'random', ...common }],
  ];
  for (const [label, policy] of cases) {
    it(`${label} keeps SLA violations under 1 % on video at 20 rps`, async () => {
      const r = await run('video', 20, policy);
      expect(r.summary.completed).toBeGreaterThan(5000);
      expect(r.summary.slaViolationRate).toBeLessThan(0.01);
      expect(r.timing.decisionMs.length).toBe(30);
    });
  }

  it('ipa with IPA\'s own sum-qa settings (product of rank-normalised accuracy, -50 % throughput margin) serves 10 rps', async () => {
    const r = await run('sum-qa', 10, { name: 'ipa', ...ipaRunOptions('sum-qa', 'max'), initialRps: 10 });
    expect(r.summary.slaViolationRate).toBeLessThan(0.01);
  });

  it('is deterministic: the same seed gives the same decisions', async () => {
    const a = await run('video', 20, { name: 'random', ...common });
    const b = await run('video', 20, { name: 'random', ...common });
    expect(b.decisions).toEqual(a.decisions);
    expect(b.summary).toEqual(a.summary);
  });
});
