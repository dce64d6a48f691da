import { quantile } from 'd3-array';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summariseInPlace } from '../../src/metrics/latency-summary.js';

describe('summariseInPlace', () => {
  it('agrees with d3.quantile (R-7) and the plain mean and max', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 500 }), (xs) => {
        const s = summariseInPlace(Float64Array.from(xs));
        expect(s.p50).toBeCloseTo(quantile(xs, 0.5)!, 9);
        expect(s.p95).toBeCloseTo(quantile(xs, 0.95)!, 9);
        expect(s.p99).toBeCloseTo(quantile(xs, 0.99)!, 9);
        expect(s.max).toBe(Math.max(...xs));
        expect(s.mean).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 6);
      }),
    );
  });

  it('is NaN when empty', () => {
    expect(summariseInPlace(new Float64Array(0)).p99).toBeNaN();
  });
});

describe('selectInPlace', () => {
  it('puts the k-th smallest at k, smaller before and larger after (with many ties)', async () => {
    const { selectInPlace } = await import('../../src/metrics/select.js');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 300 }), fc.nat(), (xs, kk) => {
        const a = Float64Array.from(xs);
        const k = kk % a.length;
        selectInPlace(a, k);
        const sorted = [...xs].sort((x, y) => x - y);
        expect(a[k]).toBe(sorted[k]);
        for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(a[k]);
        for (let i = k + 1; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(a[k]);
      }),
    );
  });
});
