import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { noiseAhead, noiseOneByOne, noiseSampler } from '../../src/random/noise.js';
import type { ServiceDist } from '../../src/profiles/types.js';
import { stream } from '../../src/random/streams.js';
import { poissonArrivals } from '../../src/workload/poisson.js';
import { traceArrivals } from '../../src/workload/trace.js';
import { upcomingArrivals } from '../../src/sim/upcoming-arrivals.js';

describe('draws taken ahead', () => {
  it('arrival times taken ahead are the process\'s own, to the bit, through and past the end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0.01, max: 1e4, noNaN: true }), fc.integer({ min: 1, max: 2000 }), fc.boolean(), (seed, rps, n, trace) => {
        // An end that falls within the draws (on average after n / 2 arrivals), so Infinity follows.
        const endS = n / 2 / rps;
        const make = () => (trace ? traceArrivals([3, 0, 7, 1, 250, 2], stream(seed, 'arrivals'), { repeat: true, timeScale: 1 / rps, endS }) : poissonArrivals(rps, stream(seed, 'arrivals'), endS));
        const plain = make();
        const ahead = upcomingArrivals(make());
        for (let i = 0; i < n; i++) expect(Object.is(ahead.next(), plain.next())).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('noise taken ahead is noiseSampler\'s sequence, across several refills, for every kind', () => {
    const dists: ServiceDist[] = [{ type: 'exponential' }, { type: 'lognormal', cv: 0.2 }, { type: 'lognormal', cv: 0 }, { type: 'gamma', cv: 0.5 }, { type: 'deterministic' }];
    for (const dist of dists) {
      const plain = noiseSampler(dist, stream(7, 'service/s'));
      const ahead = noiseAhead(dist, stream(7, 'service/s'));
      const oneByOne = noiseOneByOne(dist, stream(7, 'service/s'));
      for (let i = 0; i < 1000; i++) {
        const x = plain();
        expect(Object.is(ahead.next(), x)).toBe(true);
        expect(Object.is(oneByOne.next(), x)).toBe(true);
      }
    }
  });

  it('one sampler drawing ahead for a stage is what its variants\' own samplers draw from the shared stream, in any order of batch starts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom<ServiceDist>({ type: 'exponential' }, { type: 'lognormal', cv: 0.3 }, { type: 'gamma', cv: 0.7 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 700 }), (seed, dist, starts) => {
        // Before: one plain sampler per variant, all reading the stage's stream. Now: one shared sampler.
        const u = stream(seed, 'service/s');
        const own = [0, 1, 2, 3].map(() => noiseSampler(dist, u));
        const shared = noiseAhead(dist, stream(seed, 'service/s'));
        for (const v of starts) expect(Object.is(shared.next(), own[v]())).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
