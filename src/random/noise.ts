import type { ServiceDist } from '../profiles/types.js';
import { exponentialOf, gamma, lognormal, lognormalOf, standardNormalOf } from './distributions.js';
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
 * {@link noiseSampler}'s multipliers drawn 256 at a time: the same values in the same order, for a
 * stream `u` that only this sampler draws from (a stage's service stream, when every variant of the
 * stage draws the same distribution: one sampler then serves them all, in batch-start order, which
 * is the order in which their own samplers would have drawn from the shared stream).
 * Why: see `UpcomingArrivals`; the batch start reads an array instead of calling the draw, whose
 * result a call V8 does not inline returns boxed. Exponential and lognormal noise are drawn
 * ahead; the other kinds (no draw at all, or gamma's rejection loop) are {@link noiseSampler}'s own.
 */
export function noiseAhead(dist: ServiceDist, u: Uniform): () => number {
  if (dist.type === 'exponential') return drawnAhead((ahead) => fillExponential(ahead, u));
  if (dist.type === 'lognormal' && dist.cv !== 0) {
    const cv = dist.cv;
    return drawnAhead((ahead) => fillLognormal(ahead, u, cv));
  }
  return noiseSampler(dist, u);
}

/** A reader of values `fill` works out 256 at a time. */
function drawnAhead(fill: (ahead: Float64Array) => void): () => number {
  const ahead = new Float64Array(256);
  let at = ahead.length;
  return () => {
    if (at === ahead.length) {
      fill(ahead);
      at = 0;
    }
    return ahead[at++];
  };
}

/**
 * Fills `ahead` with Exp(1) draws from `u`, in order (apart so the reader above stays small). Each
 * loop draws `u()` itself: the call is then inlined here, not boxed (see `exponentialOf`).
 */
function fillExponential(ahead: Float64Array, u: Uniform): void {
  for (let k = 0; k < ahead.length; k++) ahead[k] = exponentialOf(u(), 1);
}

/** Fills `ahead` with `lognormal(u, 1, cv)` draws, in order: each the same two uniforms, the same arithmetic. */
function fillLognormal(ahead: Float64Array, u: Uniform, cv: number): void {
  for (let k = 0; k < ahead.length; k++) {
    const x1 = u();
    ahead[k] = lognormalOf(standardNormalOf(x1, u()), 1, cv);
  }
}

/** Whether two service distributions draw the same values from the same stream (same kind and cv). */
export function sameServiceDist(a: ServiceDist, b: ServiceDist): boolean {
  return a.type === b.type && ('cv' in a ? a.cv : 0) === ('cv' in b ? b.cv : 0);
}
