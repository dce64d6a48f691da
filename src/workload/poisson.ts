import { exponential } from '../random/distributions.js';
import type { Uniform } from '../random/streams.js';
import type { ArrivalProcess } from './types.js';

/** A homogeneous Poisson process at `rps` requests/s, from time 0 until `endS` (exclusive). */
export function poissonArrivals(rps: number, u: Uniform, endS = Infinity): ArrivalProcess {
  let t = 0;
  const mean = 1 / rps;
  return {
    next() {
      if (t >= endS) return Infinity;
      t += exponential(u, mean);
      return t < endS ? t : (t = Infinity);
    },
  };
}

/** Arrivals exactly every `1 / rps` seconds (the first at `1 / rps`), until `endS` (exclusive). */
export function deterministicArrivals(rps: number, endS = Infinity): ArrivalProcess {
  let k = 0;
  return {
    next() {
      const t = ++k / rps;
      return t < endS ? t : Infinity;
    },
  };
}
