import { describe, expect, it } from 'vitest';
import { createSimulation, simulate, validateScenario, type Scenario } from '../../src/index.js';
import { summariseInPlace } from '../../src/metrics/latency-summary.js';
import { RequestStatus } from '../../src/serving/request-table.js';
import { queueScenario } from '../helpers.js';

/** Two stages, a drop limit (so requests are dropped too), a bursty trace and an adaptive policy. */
const adaptive = (metrics: Scenario['metrics']): Scenario => ({
  seed: 5,
  durationS: 600,
  warmupS: 30,
  slaMs: 1500,
  pipeline: {
    stages: [
      { name: 'a', variants: [
        { name: 'small', accuracy: 0.6, cores: 1, latencyMs: { 1: 40, 4: 100 } },
        { name: 'large', accuracy: 0.8, cores: 2, latencyMs: { 1: 90, 4: 250 } },
      ] },
      { name: 'b', variants: [{ name: 'only', accuracy: 0.9, cores: 1, latencyMs: { 1: 30, 4: 80 } }] },
    ],
  },
  workload: { type: 'trace', rps: Array.from({ length: 600 }, (_, i) => 4 + (i % 120 < 40 ? 30 : 0)) },
  serving: { serviceDist: { type: 'lognormal', cv: 0.3 }, dropLimitS: 2, startupS: 5 },
  cluster: { cores: 12 },
  policy: { name: 'ipa', predictor: 'reactive', accuracyMethod: 'product', normalizeAccuracy: false },
  metrics,
});

describe('metrics.recording', () => {
  it('exact (the default) reports the exact percentiles of the completed requests, as computed from the per-request trace', async () => {
    const r = await simulate(adaptive({ trace: true }));
    const t = r.trace!;
    const lat: number[] = [];
    for (let i = 0; i < t.status.length; i++) if (t.status[i] === RequestStatus.Completed && t.arrivalS[i] >= 30) lat.push((t.finishedS[i] - t.arrivalS[i]) * 1000);
    const exact = summariseInPlace(Float64Array.from(lat));
    expect(r.summary.dropped).toBeGreaterThan(0);
    expect(lat.length).toBe(r.summary.completed);
    for (const k of ['p50', 'p95', 'p99', 'max'] as const) expect(r.summary.latencyMs[k]).toBeCloseTo(exact[k], 6);
    const explicit = await simulate(adaptive({ trace: true, recording: 'exact' }));
    expect(explicit.summary).toEqual(r.summary);
  });

  it('streaming gives the same result as exact but for the summary percentiles, which stay within the relative error', async () => {
    for (const relativeError of [0.001, 0.02]) {
      const exact = await simulate(adaptive(undefined));
      const streaming = await simulate(adaptive({ recording: 'streaming', relativeError }));
      const { latencyMs: le, ...restExact } = exact.summary;
      const { latencyMs: ls, ...restStreaming } = streaming.summary;
      expect(restStreaming).toEqual(restExact);
      expect(streaming.series).toEqual(exact.series);
      expect(streaming.decisions).toEqual(exact.decisions);
      expect(ls.max).toBe(le.max);
      expect(ls.mean).toBeCloseTo(le.mean, 6);
      for (const k of ['p50', 'p95', 'p99'] as const) expect(Math.abs(ls[k] - le[k])).toBeLessThanOrEqual(relativeError * le[k] * (1 + 1e-9));
    }
  });

  it('streaming keeps the request table at the requests in flight over a long run', async () => {
    const sc = validateScenario({ ...queueScenario({ rps: 8, latencyMs: { 1: 100 }, durationS: 50_000, seed: 3 }), metrics: { recording: 'streaming' } });
    const sim = await createSimulation(sc);
    const r = sim.run();
    expect(r.summary.requests).toBeGreaterThan(350_000);
    expect(sim.serving.requests.added).toBeGreaterThan(350_000);
    // rho 0.8: a few hundred in flight at the worst; the table starts at 1024 slots.
    expect(sim.serving.requests.capacity).toBeLessThanOrEqual(4096);
    expect(sim.serving.requests.count).toBeLessThanOrEqual(4096);
  });

  it('refuses a per-request trace, or a relative error without streaming, with the field path', () => {
    expect(() => validateScenario(adaptive({ recording: 'streaming', trace: true }))).toThrow(/metrics\.trace/);
    expect(() => validateScenario(adaptive({ relativeError: 0.01 }))).toThrow(/metrics\.relativeError/);
    expect(() => validateScenario(adaptive({ recording: 'streaming', relativeError: 0.5 }))).toThrow(/metrics\.relativeError/);
  });
});
