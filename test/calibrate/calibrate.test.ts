import { describe, expect, it } from 'vitest';
import { calibrate } from '../../src/calibrate/index.js';
import { InputError } from '../../src/errors.js';
import { fixedScenario, observedScenario, selfGenerated } from '../../examples/calibrate/two-stage.js';

describe('calibrate', () => {
  it('recovers known cores scale, latency scale, noise CV and start-up scale within 5% from self-generated series', async () => {
    const truth = { coresScale: 1.5, latencyScale: 1.3, noiseCv: 0.4, startupScale: 2 };
    // The same seed as the observed run: common random numbers, so the truth has error 0 and what
    // is tested is that the search finds it from the defaults (1, 1, 0.2, 1).
    const observed = await selfGenerated(observedScenario, truth, 7);
    const r = await calibrate({ scenario: observedScenario, observed, parameters: Object.keys(truth), holdout: 0.25, maxEvaluations: 160 });
    for (const [k, v] of Object.entries(truth)) {
      expect(Math.abs((r.parameters as Record<string, number>)[k] / v - 1), k).toBeLessThan(0.05);
    }
    expect(r.fit.objective).toBeLessThan(r.before.fit.objective / 100);
    expect(r.heldOut!.metrics.p99LatencyMs!.rmsRelative).toBeLessThan(0.05);
    expect(r.fitIntervals).toEqual([0, 18]);
    expect(r.heldOutIntervals).toEqual([18, 24]);
    // The calibrated profile is the fitted values applied, each changed field tagged derived: calibrated.
    const a = r.profile.stages[0].variants[0];
    expect(a.cores).toBeCloseTo(2 * r.parameters.coresScale!, 12);
    expect(a.latencyMs['2']).toBeCloseTo(100 * r.parameters.latencyScale!, 9);
    for (const f of ['cores', 'latencyMs', 'serviceDist', 'startupS']) {
      expect(a.provenance?.[f]).toMatchObject({ kind: 'derived', method: expect.stringMatching(/^calibrated: /) });
    }
  });

  it('fits the scales from series of an independent seed (sampling noise included) within 5%', async () => {
    // A fixed deployment, so the cores series does not depend on the arrivals' realisation; the
    // latency series then differ from the fit's simulations by sampling noise only.
    const scenario = fixedScenario;
    const truth = { coresScale: 0.8, latencyScale: 1.4 };
    const { p99LatencyMs: _p99, ...observed } = await selfGenerated(scenario, truth, 11);
    const r = await calibrate({ scenario, observed, parameters: Object.keys(truth), holdout: 0.25, maxEvaluations: 60, replications: 2 });
    for (const [k, v] of Object.entries(truth)) {
      expect(Math.abs((r.parameters as Record<string, number>)[k] / v - 1), k).toBeLessThan(0.05);
    }
  });

  it('reports bad options with their paths before simulating', async () => {
    const observed = await selfGenerated(observedScenario, {}, 7);
    const err = await calibrate({ scenario: observedScenario, observed, parameters: ['latencyScale'], holdout: 1.2, replications: 0 }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues.map((i) => i.path).sort()).toEqual(['holdout', 'replications']);
    const bad = await calibrate({ scenario: { ...observedScenario, serving: { maxBatchWaitMs: -1 } }, observed, parameters: ['latencyScale'] }).catch((e) => e);
    expect(bad).toBeInstanceOf(InputError);
    expect((bad as InputError).issues[0].path).toContain('serving.maxBatchWaitMs');
  });
});
