import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentArrivals } from '../../src/sim/recent-arrivals.js';

describe('RecentArrivals', () => {
  it('gives the same windows as a count for every second of the run', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 60 }),
        // Increasing arrival times (gaps of up to 20 s, some within a second) and observation points.
        fc.array(fc.tuple(fc.double({ min: 0, max: 20, noNaN: true }), fc.boolean()), { maxLength: 120 }),
        (historyS, durationS, steps) => {
          const seconds = durationS + 1;
          const ring = new RecentArrivals(historyS, seconds);
          const all = new Uint32Array(seconds);
          let t = 0;
          for (const [gap, observe] of steps) {
            t += gap;
            if (t >= durationS) break;
            ring.add(Math.floor(t));
            all[Math.floor(t)]++;
            if (observe) {
              // As Simulation.observe does, at this time or up to two seconds later.
              for (const now of [t, t + 0.5, t + 2]) {
                const done = Math.min(Math.floor(now), seconds);
                const from = Math.max(0, done - historyS);
                expect(ring.window(from, done)).toEqual(Array.from(all.subarray(from, done)));
              }
            }
          }
        },
      ),
    );
  });

  it('refuses a window whose counts are gone', () => {
    const ring = new RecentArrivals(3, 100);
    for (let t = 0; t < 50; t += 0.7) ring.add(Math.floor(t));
    expect(ring.window(46, 49)).toHaveLength(3);
    expect(() => ring.window(40, 49)).toThrow(/only the last 4 seconds up to 49 are kept/);
  });
});
