import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate, type Scenario } from '../../src/index.js';
import { summariseInPlace } from '../../src/metrics/latency-summary.js';
import { RequestStatus } from '../../src/serving/request-table.js';

// With exact recording and no warm-up, the recorder selects each interval's p99 within the run's
// latency buffer (the interval's segment of it) instead of a buffer of its own, and takes the
// summary's mean from a sum kept as latencies arrive (RunRecorder.binsInLatencies). Streaming
// recording, or a warm-up, takes the general path. Both must give the same series to the bit, and
// the exact summary must be the trace's.

const scenario = (p: { seed: number; rps: number; batch: number; replicas: number; intervalS: number; deterministic: boolean; dropLimitS?: number }, metrics: Scenario['metrics']): Scenario => ({
  seed: p.seed,
  durationS: 40,
  slaMs: 300,
  pipeline: {
    stages: [
      { name: 'a', variants: [{ name: 'v', accuracy: 0.8, cores: 1, latencyMs: { 1: 40, 4: 100 } }] },
      { name: 'b', variants: [{ name: 'w', accuracy: 0.9, cores: 1, latencyMs: { 1: 20, 4: 50 } }] },
    ],
  },
  workload: p.deterministic ? { type: 'deterministic', rps: p.rps } : { type: 'poisson', rps: p.rps },
  serving: { serviceDist: p.deterministic ? { type: 'deterministic' } : { type: 'exponential' }, maxBatchWaitMs: 30, dropLimitS: p.dropLimitS ?? null, adaptationIntervalS: 10 },
  policy: { name: 'static', config: [{ variant: 'v', batch: p.batch, replicas: p.replicas }, { variant: 'w', batch: p.batch, replicas: 1 }] },
  metrics: { seriesIntervalS: p.intervalS, ...metrics },
});

const params = fc.record({
  seed: fc.integer({ min: 0, max: 1e6 }),
  rps: fc.integer({ min: 1, max: 60 }),
  batch: fc.integer({ min: 1, max: 4 }),
  replicas: fc.integer({ min: 1, max: 3 }),
  intervalS: fc.constantFrom(0.5, 1, 3, 7, 40),
  deterministic: fc.boolean(),
  dropLimitS: fc.option(fc.constantFrom(0.2, 1), { nil: undefined }),
});

describe('per-interval p99 within the run latency buffer (exact recording, no warm-up)', () => {
  it('gives the series of the general path (streaming recording) to the bit', async () => {
    await fc.assert(
      fc.asyncProperty(params, async (p) => {
        const exact = await simulate(scenario(p, undefined));
        const streaming = await simulate(scenario(p, { recording: 'streaming' }));
        expect(exact.series).toEqual(streaming.series);
        expect(exact.summary.completed).toBe(streaming.summary.completed);
      }),
      { numRuns: 25 },
    );
  });

  it('leaves the summary the exact one of the per-request trace', async () => {
    await fc.assert(
      fc.asyncProperty(params, async (p) => {
        const r = await simulate(scenario(p, { trace: true }));
        const t = r.trace!;
        const lat: number[] = [];
        for (let i = 0; i < t.status.length; i++) if (t.status[i] === RequestStatus.Completed) lat.push(t.finishedS[i] - t.arrivalS[i]);
        const s = summariseInPlace(Float64Array.from(lat));
        // Order statistics are exact to the bit; the mean sums in another order (arrival, not completion).
        for (const k of ['p50', 'p95', 'p99', 'max'] as const) expect(r.summary.latencyMs[k]).toBe(s[k] * 1000);
        expect(r.summary.latencyMs.mean).toBeCloseTo(s.mean * 1000, 6);
      }),
      { numRuns: 25 },
    );
  });
});
