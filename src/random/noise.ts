import type { ServiceDist } from '../profiles/types.js';
import { exponentialOf, gamma, lognormal, lognormalFrom, standardNormalOf } from './distributions.js';
import type { Uniform } from './streams.js';
import { DrawnAhead } from './drawn-ahead.js';

/**
 * A sampler of service-time multipliers with mean 1 for a {@link ServiceDist}: multiply the profiled
 * latency by a draw. The simulation reads its draws through a `DrawnAhead` (see `CompiledVariant.noise`).
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
 * {@link noiseSampler}'s multipliers drawn 256 at a time: the same values in the same order, for a
 * stream `u` that only this sampler draws from (a stage's service stream, when every variant of the
 * stage draws the same distribution: one sampler then serves them all, in batch-start order, which
 * is the order in which their own samplers would have drawn from the shared stream). The batch
 * start reads them from an array (see {@link DrawnAhead}).
 */
export function noiseAhead(dist: ServiceDist, u: Uniform): DrawnAhead {
  if (dist.type === 'exponential') return new DrawnAhead((out) => fillExponential(out, u));
  if (dist.type === 'lognormal' && dist.cv !== 0) {
    const cv = dist.cv;
    return new DrawnAhead((out) => fillLognormal(out, u, cv));
  }
  const draw = noiseSampler(dist, u);
  return new DrawnAhead((out) => {
    for (let k = 0; k < out.length; k++) out[k] = draw();
    return out.length;
  });
}

/**
 * {@link noiseSampler}'s multipliers one at a time, in a {@link DrawnAhead} (of one value) like those
 * of {@link noiseAhead}: for a variant whose stage's stream other variants also draw from, each
 * draw is made when its batch starts.
 */
export function noiseOneByOne(dist: ServiceDist, u: Uniform): DrawnAhead {
  const draw = noiseSampler(dist, u);
  return new DrawnAhead((out) => {
    out[0] = draw();
    return 1;
  }, 1);
}

/**
 * Fills `ahead` with Exp(1) draws from `u`, in order (a block for {@link DrawnAhead}). The loop
 * draws `u()` itself: the call is then inlined here, not boxed (see `exponentialOf`).
 */
function fillExponential(ahead: Float64Array, u: Uniform): number {
  for (let k = 0; k < ahead.length; k++) ahead[k] = exponentialOf(u(), 1);
  return ahead.length;
}

/** Fills `ahead` with `lognormal(u, 1, cv)` draws, in order: each the same two uniforms, the same arithmetic (see `lognormalFrom`). */
function fillLognormal(ahead: Float64Array, u: Uniform, cv: number): number {
  const s2 = Math.log(1 + cv * cv);
  const sigma = Math.sqrt(s2);
  const half = s2 / 2;
  for (let k = 0; k < ahead.length; k++) {
    const x1 = u();
    ahead[k] = lognormalFrom(standardNormalOf(x1, u()), 1, sigma, half);
  }
  return ahead.length;
}

/** Whether two service distributions draw the same values from the same stream (same kind and cv). */
export function sameServiceDist(a: ServiceDist, b: ServiceDist): boolean {
  return a.type === b.type && ('cv' in a ? a.cv : 0) === ('cv' in b ? b.cv : 0);
}
