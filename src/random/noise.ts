import type { ServiceDist } from '../profiles/types.js';
import { exponential, gamma, lognormal } from './distributions.js';
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
      return () => exponential(u, 1);
    case 'lognormal':
      return dist.cv === 0 ? () => 1 : () => lognormal(u, 1, dist.cv);
    case 'gamma':
      return dist.cv === 0 ? () => 1 : () => gamma(u, 1, dist.cv);
  }
}
