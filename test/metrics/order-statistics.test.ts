import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summariseInPlace, summariseWithSegmentP99 } from '../../src/metrics/latency-summary.js';
import { orderStatistics } from '../../src/metrics/order-statistics.js';

/** R-7 quantile from a sorted copy, by the summary's formula (the reference, bit for bit). */
function r7(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const h = (n - 1) * p;
  const i = Math.floor(h);
  const lo = sorted[i];
  const hi = i + 1 < n ? sorted[i + 1] : lo;
  return lo + (hi - lo) * (h - i);
}

/** The p99 of `values` from a sorted copy (what p99InPlace gives, bit for bit). */
function p99Of(values: Float64Array): number {
  return r7(values.slice().sort(), 0.99);
}

/** A seeded array of `n` values: exponential, rounded to a grid (ties) or a few distinct values. */
function generated(n: number, seed: number, shape: 'exp' | 'grid' | 'few' | 'zeros'): Float64Array {
  let s = seed >>> 0 || 1;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  return Float64Array.from({ length: n }, () => {
    const x = -Math.log(1 - rnd()) * 0.05;
    if (shape === 'grid') return Math.round(x * 1e3) / 1e3;
    if (shape === 'few') return [0, 0.25, 1, 3][Math.floor(rnd() * 4)];
    if (shape === 'zeros') return rnd() < 0.995 ? 0 : x;
    return x;
  });
}

describe('orderStatistics', () => {
  it('gives the sorted values at the ranks, without reordering (ties, zeros, small arrays)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6 }).map((k) => k / 4), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true })), { minLength: 1, maxLength: 400 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        (xs, rs) => {
          const values = Float64Array.from(xs.map((x) => (Object.is(x, -0) ? 0 : x)));
          const before = values.slice();
          const ranks = rs.map((r) => r % values.length);
          const sorted = values.slice().sort();
          const got = orderStatistics(values, ranks);
          if (got === undefined) return; // a bucket too large to gain: the caller selects instead
          ranks.forEach((r, k) => expect(Object.is(got[k], sorted[r])).toBe(true));
          expect(values).toEqual(before);
        },
      ),
    );
  });

  it('applies to a large latency-like sample, with ties (so the fast path of the summary is exercised)', () => {
    for (const shape of ['exp', 'grid'] as const) {
      const values = generated(100_000, 5, shape);
      const sorted = values.slice().sort();
      const got = orderStatistics(values, [98_999, 99_000, 50_000]);
      expect(got).toBeDefined();
      expect(Array.from(got!)).toEqual([sorted[98_999], sorted[99_000], sorted[50_000]]);
    }
  });

  it('does not apply to negatives, -0 or NaN (the caller selects in place)', () => {
    expect(orderStatistics(Float64Array.from([1, -2, 3]), [0])).toBeUndefined();
    expect(orderStatistics(Float64Array.from([1, -0, 3]), [0])).toBeUndefined();
    expect(orderStatistics(Float64Array.from([1, NaN, 3]), [0])).toBeUndefined();
  });

  it('orders +Infinity last and still finds a NaN among other values of its bucket', () => {
    expect(Array.from(orderStatistics(Float64Array.from([3, Infinity, 1, 2]), [0, 3, 2])!)).toEqual([1, Infinity, 3]);
    expect(orderStatistics(Float64Array.from([3, Infinity, 1, NaN, 2]), [0])).toBeUndefined();
    expect(orderStatistics(Float64Array.from([-Infinity, 1]), [0])).toBeUndefined();
  });

  it('gives a segment\'s sorted values at its ranks alongside the whole\'s, in the same passes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6 }).map((k) => k / 4), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true })), { minLength: 1, maxLength: 400 }),
        fc.nat(),
        fc.nat(),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        (xs, a, b, rs, ss) => {
          const values = Float64Array.from(xs.map((x) => (Object.is(x, -0) ? 0 : x)));
          const n = values.length;
          const from = Math.min(a % (n + 1), b % (n + 1));
          const to = Math.max(a % (n + 1), b % (n + 1));
          if (to === from) return;
          const before = values.slice();
          const ranks = rs.map((r) => r % n);
          const segRanks = ss.map((r) => r % (to - from));
          const got = orderStatistics(values, ranks, { from, to, ranks: segRanks });
          if (got === undefined) return;
          const sorted = values.slice().sort();
          const segSorted = values.slice(from, to).sort();
          ranks.forEach((r, k) => expect(Object.is(got[k], sorted[r])).toBe(true));
          segRanks.forEach((r, k) => expect(Object.is(got[ranks.length + k], segSorted[r])).toBe(true));
          expect(values).toEqual(before);
        },
      ),
    );
  });

  it('rejects a rank outside the values', () => {
    expect(() => orderStatistics(Float64Array.from([1, 2]), [2])).toThrow(/rank 2 is not an integer in \[0, 2\)/);
  });
});

describe('summariseInPlace percentiles are the exact order statistics, as sorting gives them', () => {
  it('on large arrays (the histogram path, and its fallbacks for heavy ties)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1 << 16, max: 150_000 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.constantFrom('exp' as const, 'grid' as const, 'few' as const, 'zeros' as const),
        (n, seed, shape) => {
          const values = generated(n, seed, shape);
          const sorted = values.slice().sort();
          let sum = 0;
          for (const v of values) sum += v;
          // Without the sum (summed here), and with it as the recorder passes it (the max then
          // comes from the histogram's order statistics, not from a scan).
          for (const s of [summariseInPlace(values.slice()), summariseInPlace(values, sum)]) {
            expect(Object.is(s.p99, r7(sorted, 0.99))).toBe(true);
            expect(Object.is(s.p95, r7(sorted, 0.95))).toBe(true);
            expect(Object.is(s.p50, r7(sorted, 0.5))).toBe(true);
            expect(Object.is(s.max, sorted[n - 1])).toBe(true);
            expect(s.mean).toBe(sum / n);
          }
        },
      ),
      { numRuns: 12 },
    );
  });

  it('with a segment\'s p99 alongside (the recorder\'s one long interval): the same numbers as a selection over the segment and the summary apart', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1 << 16, max: 120_000 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.constantFrom('exp' as const, 'grid' as const, 'few' as const, 'zeros' as const),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, seed, shape, x, y) => {
          const values = generated(n, seed, shape);
          let sum = 0;
          for (const v of values) sum += v;
          const from = Math.floor(Math.min(x, y) * n);
          const to = Math.max(from + 1, Math.floor(Math.max(x, y) * n));
          const apart = values.slice();
          const p99 = p99Of(apart.slice(from, to));
          const summary = summariseInPlace(apart, sum);
          const both = summariseWithSegmentP99(values, sum, from, to);
          expect(Object.is(both.segmentP99, p99)).toBe(true);
          for (const k of ['mean', 'p50', 'p95', 'p99', 'max'] as const) expect(Object.is(both.summary[k], summary[k])).toBe(true);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('on small arrays and with negatives (selections in place)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 300 }), (xs) => {
        const values = Float64Array.from(xs.map((x) => (Object.is(x, -0) ? 0 : x)));
        const sorted = values.slice().sort();
        const s = summariseInPlace(values);
        expect(Object.is(s.p99, r7(sorted, 0.99))).toBe(true);
        expect(Object.is(s.p95, r7(sorted, 0.95))).toBe(true);
        expect(Object.is(s.p50, r7(sorted, 0.5))).toBe(true);
      }),
    );
  });

  it('with negatives in a large array (histogram does not apply: same values by selection)', () => {
    const values = generated(1 << 17, 99, 'exp').map((x, i) => (i % 3 === 0 ? -x : x));
    const sorted = values.slice().sort();
    const s = summariseInPlace(values);
    expect(Object.is(s.p99, r7(sorted, 0.99))).toBe(true);
    expect(Object.is(s.p50, r7(sorted, 0.5))).toBe(true);
  });
});
