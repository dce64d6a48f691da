import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IntervalIndex } from '../../src/metrics/interval-index.js';

/** The next double above `x` (x >= 0, finite). */
function up(x: number): number {
  const b = new Float64Array([x]);
  const u = new BigUint64Array(b.buffer);
  u[0] += 1n;
  return b[0];
}

/** The next double below `x` (x > 0, finite). */
function down(x: number): number {
  const b = new Float64Array([x]);
  const u = new BigUint64Array(b.buffer);
  u[0] -= 1n;
  return b[0];
}

describe('IntervalIndex', () => {
  it('is Math.floor(t / intervalS) for non-decreasing times, at and around interval ends (of and ofLater)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(0.1, 0.3, 1, 1 / 3, 7, 60, 1e-3, 1e9), fc.double({ min: 1e-6, max: 1e6, noNaN: true })),
        fc.array(fc.oneof(fc.double({ min: 0, max: 50, noNaN: true }), fc.integer({ min: 0, max: 400 })), { minLength: 1, maxLength: 60 }),
        (intervalS, steps) => {
          const index = new IntervalIndex(intervalS);
          const later = new IntervalIndex(intervalS);
          let t = 0;
          for (const step of steps) {
            // Integer steps land on (the doubles around) interval ends, where rounding decides.
            const times = Number.isInteger(step) ? [down(step * intervalS), step * intervalS, up(step * intervalS)] : [t + step * intervalS];
            for (const x of times) {
              if (x < t) continue;
              t = x;
              expect(index.of(t)).toBe(Math.floor(t / intervalS));
              expect(later.ofLater(t)).toBe(Math.floor(t / intervalS));
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('does not trust the product (b + 1) * intervalS: just below it the division can already give b + 1', () => {
    // Found by search: here 165 * intervalS rounds above the true product, and x, a double below
    // it, divides to exactly 165. A bound taken without margin would answer 164 for x.
    for (const [intervalS, x] of [
      [46.44589571775584, 7663.572793429713],
      [0.000991331252627846, 0.006939318768394921],
      [0.03331816983729965, 2.8653626060077695],
    ]) {
      const index = new IntervalIndex(intervalS);
      const before = down(down(down(x)));
      expect(index.of(before)).toBe(Math.floor(before / intervalS));
      expect(index.of(x)).toBe(Math.floor(x / intervalS));
      expect(Math.floor(x / intervalS)).toBe(Math.floor(before / intervalS) + 1);
    }
  });

  it('answers times earlier than the last one too (by dividing)', () => {
    const index = new IntervalIndex(0.1);
    for (const t of [0.35, 0.05, 0.3, 0.29999999999999993, 0.30000000000000004, 0, 12.7, 0.2]) expect(index.of(t)).toBe(Math.floor(t / 0.1));
  });
});
