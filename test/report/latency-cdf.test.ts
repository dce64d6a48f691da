import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/experiment/report-model.js';
import { latencyCdfPlot } from '../../src/experiment/plots/latency-cdf-plot.js';
import { latencyQuantiles, traceLatencyQuantiles } from '../../src/metrics/latency-quantiles.js';
import { summariseInPlace } from '../../src/metrics/latency-summary.js';
import { readResults } from '../../src/node/report/read-results.js';
import { simulate } from '../../src/sim/simulate.js';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSweep } from '../../src/node/sweep/run-sweep.js';
import { tinyScenario, tinySweepDir, tinySweepSpec } from './fixtures.js';

type Point = { policy: string; latencyMs: number; fraction: number };

/** The CDF's points of one curve, from a spec (first layer's values). */
function curve(spec: unknown, label: string): Point[] {
  const s = spec as { layer: { data: { values: Point[] } }[] };
  return s.layer[0].data.values.filter((p) => p.policy === label);
}

/** The latency at which a piecewise-linear CDF through `pts` reaches `fraction`. */
function readAt(pts: Point[], fraction: number): number {
  const i = pts.findIndex((p) => p.fraction >= fraction - 1e-12);
  if (Math.abs(pts[i].fraction - fraction) < 1e-12 || i === 0) return pts[i].latencyMs;
  const a = pts[i - 1];
  const b = pts[i];
  return a.latencyMs + ((b.latencyMs - a.latencyMs) * (fraction - a.fraction)) / (b.fraction - a.fraction);
}

describe('latency quantile grids', () => {
  it('hold the summary percentiles at their grid points (R-7, as the summary)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 300 }), (xs) => {
        const q = latencyQuantiles(xs);
        const s = summariseInPlace(Float64Array.from(xs));
        expect(q.count).toBe(xs.length);
        expect(q.quantilesMs).toHaveLength(1001);
        expect(q.quantilesMs[990]).toBe(s.p99);
        expect(q.quantilesMs[950]).toBe(s.p95);
        expect(q.quantilesMs[500]).toBe(s.p50);
        expect(q.quantilesMs[1000]).toBe(s.max);
        for (let i = 1; i < q.quantilesMs.length; i++) expect(q.quantilesMs[i]).toBeGreaterThanOrEqual(q.quantilesMs[i - 1]);
      }),
      { numRuns: 60 },
    );
  });

  it("from a run's trace after the warm-up: the run's summary p50/p95/p99 and count", async () => {
    const r = await simulate({ ...tinyScenario('static-small', 12, 2), metrics: { trace: true } });
    const q = traceLatencyQuantiles(r.trace!, 20);
    expect(q.count).toBe(r.summary.completed);
    expect(q.quantilesMs[990]).toBeCloseTo(r.summary.latencyMs.p99, 9);
    expect(q.quantilesMs[950]).toBeCloseTo(r.summary.latencyMs.p95, 9);
    expect(q.quantilesMs[500]).toBeCloseTo(r.summary.latencyMs.p50, 9);
    const spec = latencyCdfPlot([{ label: 'run', latency: q }]);
    expect(readAt(curve(spec, 'run'), 0.99)).toBeCloseTo(r.summary.latencyMs.p99, 9);
    expect(JSON.stringify(spec)).toContain('"interpolate":"linear"');
  });
});

describe("the report's latency CDF", () => {
  it('is built from per-request latencies and reads, at 0.99, the p99 of the run it shows (resolution 0.001 in fraction)', async () => {
    const { dir, rows } = await tinySweepDir([1, 2]);
    const loaded = readResults(dir);
    expect(Object.keys(loaded.latency).sort()).toEqual(rows.map((r) => r.runId).sort());
    const model = buildReport({ ...loaded, version: 'test', generatedAt: 'now' });
    const cdfs = model.figures.filter((f) => f.id.endsWith('latency-cdf'));
    expect(cdfs).toHaveLength(2);
    expect(model.notes.join(' ')).not.toContain('latency CDF is left out');
    for (const [w, fig] of cdfs.entries()) {
      const workload = model.workloads[w];
      for (const policy of ['static-small', 'static-large']) {
        // The time plots and the CDF show the first seed's run of each group.
        const row = rows.find((r) => r.workload === workload && r.policy === policy && r.seed === 1)!;
        const pts = curve(fig.spec, policy);
        expect(pts.length).toBe(1001);
        expect(readAt(pts, 0.99)).toBeCloseTo(row.latencyP99Ms as number, 6);
        expect(readAt(pts, 0.5)).toBeCloseTo(row.latencyP50Ms as number, 6);
        // Within the grid's resolution: the fraction of requests below the p99 is 0.99 +- 0.001.
        const below = pts.filter((p) => p.latencyMs <= (row.latencyP99Ms as number)).at(-1)!.fraction;
        expect(Math.abs(below - 0.99)).toBeLessThanOrEqual(0.001 + 1e-12);
      }
    }
  });

  it('is left out, with a note, when the results hold no per-request latencies', async () => {
    const { dir } = await tinySweepDir([1]);
    const loaded = readResults(dir);
    const model = buildReport({ ...loaded, latency: {}, version: 'test', generatedAt: 'now' });
    expect(model.figures.some((f) => f.id.endsWith('latency-cdf'))).toBe(false);
    expect(model.notes.join(' ')).toContain('the latency CDF is left out');
  });

  it("a streaming sweep (no per-request table) draws its CDF from each run's latency histogram, within the relative error of the exact sweep's", async () => {
    const spec = tinySweepSpec([1]);
    const sweep = async (metrics: object | undefined) => {
      const dir = mkdtempSync(join(tmpdir(), 'infersim-stream-'));
      const out = await runSweep({ ...spec, workloads: [spec.workloads![0]], base: { ...(spec.base as object), ...(metrics ? { metrics } : {}) } }, { outDir: dir, workers: 0 });
      expect(out.failed).toEqual([]);
      expect(out.ran).toBe(2);
      return readResults(dir);
    };
    const relativeError = 0.01;
    const exact = await sweep(undefined);
    const streaming = await sweep({ recording: 'streaming', relativeError });
    expect(Object.keys(streaming.series)).toHaveLength(2);
    // Run ids end in a hash of the scenario (which differs in metrics): match runs on the rest.
    const byRun = (l: typeof exact.latency) => Object.fromEntries(Object.entries(l).map(([id, q]) => [id.replace(/-[0-9a-f]+$/, ''), q]));
    const exactGrids = byRun(exact.latency);
    expect(Object.keys(byRun(streaming.latency)).sort()).toEqual(Object.keys(exactGrids).sort());
    for (const [run, q] of Object.entries(byRun(streaming.latency))) {
      const e = exactGrids[run];
      expect(e.relativeError).toBeUndefined();
      expect(q.relativeError).toBe(relativeError);
      expect(q.count).toBe(e.count);
      expect(q.quantilesMs).toHaveLength(e.quantilesMs.length);
      // Same runs (streaming changes only how latencies are kept): every quantile within the bound.
      q.quantilesMs.forEach((v, i) => expect(Math.abs(v - e.quantilesMs[i]), `q${i}`).toBeLessThanOrEqual(relativeError * e.quantilesMs[i] * (1 + 1e-9)));
    }
    const model = buildReport({ ...streaming, version: 'test', generatedAt: 'now' });
    const cdf = model.figures.find((f) => f.id.endsWith('latency-cdf'));
    expect(cdf?.caption).toContain('within 1 % of the exact ones');
    expect(JSON.stringify(cdf?.spec)).toContain('within 1 %');
    expect(model.notes.join(' ')).not.toContain('the latency CDF is left out');
  });
});
