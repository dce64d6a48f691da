// A streaming run's latency CDF (result.latencyCdf, from the recorder's log histogram) against the
// exact run's empirical CDF: the same run (streaming changes only how latencies are kept), so the
// shares must match exactly at every bin and the latencies within the stated relative error.
import { describe, expect, it } from 'vitest';
import { latencyCdfPlot } from '../../src/experiment/plots/latency-cdf-plot.js';
import { latencyCdfQuantiles } from '../../src/metrics/latency-cdf.js';
import { LogHistogram } from '../../src/metrics/log-histogram.js';
import { LATENCY_QUANTILE_POINTS, traceLatencyQuantiles } from '../../src/metrics/latency-quantiles.js';
import { simulate } from '../../src/sim/simulate.js';
import type { Scenario } from '../../src/index.js';

/** Two stages, lognormal service, a bursty trace (a wide latency range) and an adaptive policy. */
const scenario = (metrics: Scenario['metrics']): Scenario => ({
  seed: 11,
  durationS: 300,
  warmupS: 20,
  slaMs: 1500,
  pipeline: {
    stages: [
      { name: 'a', variants: [{ name: 'small', accuracy: 0.6, cores: 1, latencyMs: { 1: 40, 4: 100 } }, { name: 'large', accuracy: 0.8, cores: 2, latencyMs: { 1: 90, 4: 250 } }] },
      { name: 'b', variants: [{ name: 'only', accuracy: 0.9, cores: 1, latencyMs: { 1: 30, 4: 80 } }] },
    ],
  },
  workload: { type: 'trace', rps: Array.from({ length: 300 }, (_, i) => 4 + (i % 100 < 30 ? 25 : 0)) },
  serving: { serviceDist: { type: 'lognormal', cv: 0.3 }, startupS: 5 },
  cluster: { cores: 12 },
  policy: { name: 'ipa', predictor: 'reactive' },
  metrics,
});

describe('a streaming run’s latency CDF', () => {
  it.each([0.001, 0.02])('matches the exact run’s empirical CDF: exact shares, latencies within the relative error (%s)', async (relativeError) => {
    const exact = await simulate(scenario({ trace: true }));
    const streaming = await simulate(scenario({ recording: 'streaming', relativeError }));
    expect(exact.latencyCdf).toBeUndefined();
    const cdf = streaming.latencyCdf!;
    const t = exact.trace!;
    const sorted: number[] = [];
    for (let i = 0; i < t.status.length; i++) if (t.status[i] === 1 && t.arrivalS[i] >= 20) sorted.push((t.finishedS[i] - t.arrivalS[i]) * 1000);
    sorted.sort((a, b) => a - b);
    const n = sorted.length;
    expect(cdf.count).toBe(n);
    expect(cdf.count).toBe(streaming.summary.completed);
    expect(cdf.relativeError).toBe(relativeError);
    expect(cdf.cumulative.at(-1)).toBe(1);
    // Bounded by the bins, not the requests.
    expect(cdf.latencyMs.length).toBeLessThan(n);
    for (let i = 0; i < cdf.latencyMs.length; i++) {
      const k = Math.round(cdf.cumulative[i] * n);
      if (i > 0) {
        expect(cdf.latencyMs[i]).toBeGreaterThanOrEqual(cdf.latencyMs[i - 1]);
        expect(k).toBeGreaterThan(Math.round(cdf.cumulative[i - 1] * n));
      }
      // The share is exact: exactly k latencies are at or below the bin's largest, sorted[k - 1] ...
      if (k < n) expect(sorted[k]).toBeGreaterThan(sorted[k - 1]);
      // ... and the bin's latency is within the relative error of it.
      expect(Math.abs(cdf.latencyMs[i] - sorted[k - 1])).toBeLessThanOrEqual(relativeError * sorted[k - 1] * (1 + 1e-9));
    }
    // Its quantile grid is within the bound of the exact one and holds the streaming summary's p99.
    const grid = latencyCdfQuantiles(cdf, LATENCY_QUANTILE_POINTS);
    const exactGrid = traceLatencyQuantiles(t, 20);
    expect(grid.relativeError).toBe(relativeError);
    grid.quantilesMs.forEach((v, i) => expect(Math.abs(v - exactGrid.quantilesMs[i]), `q${i}`).toBeLessThanOrEqual(relativeError * exactGrid.quantilesMs[i] * (1 + 1e-9)));
    expect(grid.quantilesMs[990]).toBeCloseTo(streaming.summary.latencyMs.p99, 9);
    expect(grid.quantilesMs[500]).toBeCloseTo(streaming.summary.latencyMs.p50, 9);
  });

  it('is drawn by latencyCdfPlot from the result, with the bound in the axis title', async () => {
    const streaming = await simulate(scenario({ recording: 'streaming', relativeError: 0.005 }));
    const spec = latencyCdfPlot([streaming], { slaMs: 1500 }) as unknown as { layer: { data: { values: { latencyMs: number; fraction: number }[] }; encoding: { x: { title: string } } }[] };
    const pts = spec.layer[0].data.values;
    expect(spec.layer[0].encoding.x.title).toBe('end-to-end latency (ms), within 0.5 %');
    expect(pts.length).toBeGreaterThan(10);
    expect(pts.at(-1)!.fraction).toBeCloseTo(1, 12);
    // The plotted point nearest 0.99 sits at the summary's p99 within the bound and the 1/400 sampling.
    const at99 = pts.find((p) => p.fraction >= 0.99)!;
    expect(at99.fraction).toBeLessThan(0.99 + 1 / 400 + 1e-9);
    const p99 = streaming.summary.latencyMs.p99;
    expect(Math.abs(at99.latencyMs - p99)).toBeLessThanOrEqual(0.05 * p99);
  });

  it('LogHistogram.cdf: zero bucket first, counts cumulative, values clamped to the exact min and max', () => {
    const h = new LogHistogram(0.01);
    for (const v of [0, 0, 1.5, 1.505, 5, 100]) h.push(v);
    const { values, counts } = h.cdf();
    expect(values[0]).toBe(0);
    expect(counts).toEqual([2, 4, 5, 6]);
    expect(values.at(-1)).toBe(100);
    for (const v of [1.5, 1.505]) expect(Math.abs(values[1] - v)).toBeLessThanOrEqual(0.01 * v);
  });
});
