import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summariseInPlace } from '../../src/metrics/latency-summary.js';
import { LogHistogram } from '../../src/metrics/log-histogram.js';

/** Latency-like samples: a few seconds' spread of positive values, with ties and outliers. */
const arbValues = fc.array(
  fc.oneof(
    fc.double({ min: 1e-4, max: 30, noNaN: true }),
    fc.integer({ min: 1, max: 50 }).map((k) => k / 10),
    fc.double({ min: 0.9, max: 1.1, noNaN: true }),
  ),
  { minLength: 1, maxLength: 400 },
);
const arbError = fc.constantFrom(0.1, 0.01, 0.001, 1e-4);

const within = (estimate: number, exact: number, a: number) => Math.abs(estimate - exact) <= a * Math.abs(exact) * (1 + 1e-9) + 1e-15;

describe('LogHistogram', () => {
  it('reports p50, p95 and p99 within the relative error of the exact percentiles; count, mean and max exact', () => {
    fc.assert(
      fc.property(arbValues, arbError, (values, a) => {
        const h = new LogHistogram(a);
        for (const v of values) h.push(v);
        const exact = summariseInPlace(Float64Array.from(values));
        const s = h.summary();
        for (const k of ['p50', 'p95', 'p99'] as const) expect(within(s[k], exact[k], a)).toBe(true);
        expect(s.max).toBe(exact.max);
        expect(s.mean).toBeCloseTo(exact.mean, 9);
        expect(h.count).toBe(values.length);
      }),
      { numRuns: 300 },
    );
  });

  it('merges: two histograms merged summarise as one fed with both sets', () => {
    fc.assert(
      fc.property(arbValues, arbValues, arbError, (xs, ys, a) => {
        const [x, y, both] = [new LogHistogram(a), new LogHistogram(a), new LogHistogram(a)];
        for (const v of xs) x.push(v), both.push(v);
        for (const v of ys) y.push(v), both.push(v);
        x.merge(y);
        const [m, b] = [x.summary(), both.summary()];
        expect([m.p50, m.p95, m.p99, m.max, x.count]).toEqual([b.p50, b.p95, b.p99, b.max, both.count]);
      }),
      { numRuns: 100 },
    );
  });

  it('holds a bounded number of buckets however many values it is fed', () => {
    const h = new LogHistogram(0.001);
    let x = 0.5;
    for (let i = 0; i < 200_000; i++) {
      x = (x * 7919 + 0.123) % 10; // values in [0, 10) s
      h.push(x + 0.01);
    }
    // ln(10.01 / 0.01) / ln((1 + a) / (1 - a)) ~ 3,450 buckets, at most doubled by growth.
    expect(h.buckets).toBeLessThan(8000);
    expect(h.count).toBe(200_000);
  });

  it('counts values under 1 ns as 0 and refuses a relative error outside (0, 1)', () => {
    const h = new LogHistogram(0.01);
    for (const v of [0, 0, 0, 1]) h.push(v);
    expect(h.summary().p50).toBe(0);
    expect(() => new LogHistogram(0)).toThrow(RangeError);
    expect(() => new LogHistogram(1)).toThrow(RangeError);
  });
});
