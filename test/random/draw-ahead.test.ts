import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exponentialNoiseAhead, noiseSampler } from '../../src/random/noise.js';
import { stream } from '../../src/random/streams.js';
import { poissonArrivals, prefetchedPoissonArrivals } from '../../src/workload/poisson.js';

describe('draws taken ahead', () => {
  it('prefetched Poisson arrivals are the plain process\'s times, to the bit, through and past the end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0.01, max: 1e4, noNaN: true }), fc.integer({ min: 1, max: 2000 }), (seed, rps, n) => {
        // An end that falls within the draws (on average after n / 2 arrivals), so Infinity follows.
        const endS = n / 2 / rps;
        const plain = poissonArrivals(rps, stream(seed, 'arrivals'), endS);
        const ahead = prefetchedPoissonArrivals(rps, stream(seed, 'arrivals'), endS);
        for (let i = 0; i < n; i++) expect(Object.is(ahead.next(), plain.next())).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('exponential noise taken ahead is noiseSampler\'s sequence, across several refills', () => {
    const plain = noiseSampler({ type: 'exponential' }, stream(7, 'service/s'));
    const ahead = exponentialNoiseAhead(stream(7, 'service/s'));
    for (let i = 0; i < 1000; i++) expect(Object.is(ahead(), plain())).toBe(true);
  });
});
