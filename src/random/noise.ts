import type { ServiceDist } from '../profiles/types.js';
import { exponentialOf, gamma, lognormal } from './distributions.js';
import type { Uniform } from './streams.js';

/**
 * A sampler of service-time multipliers with mean 1 for a {@link ServiceDist}: multiply the profiled
 * latency by a draw. Built once per variant, so the hot path calls a plain function.
 */
export function noiseSampler(dist: ServiceDist, u: Uniform): () => number {
  switch (dist.type) {
    case 'deterministic':
      return () => 1;
    case 'exponential':
      return () => exponentialOf(u(), 1);
    case 'lognormal':
      return dist.cv === 0 ? () => 1 : () => lognormal(u, 1, dist.cv);
    case 'gamma':
      return dist.cv === 0 ? () => 1 : () => gamma(u, 1, dist.cv);
  }
}

/**
 * {@link noiseSampler}'s exponential multipliers drawn 256 at a time: the same values, for a stream
 * `u` that nothing else draws from (a stage with one variant on one device owns its service stream).
 * Why: see `prefetchedPoissonArrivals`; the batch start reads an array instead of calling the draw.
 */
export function exponentialNoiseAhead(u: Uniform): () => number {
  const ahead = new Float64Array(256);
  let at = ahead.length;
  return () => {
    if (at === ahead.length) {
      fillExponential(ahead, u);
      at = 0;
    }
    return ahead[at++];
  };
}

/** Fills `ahead` with Exp(1) draws from `u`, in order (apart so the reader above stays small). */
function fillExponential(ahead: Float64Array, u: Uniform): void {
  for (let k = 0; k < ahead.length; k++) ahead[k] = exponentialOf(u(), 1);
}
