import { exponentialOf } from '../random/distributions.js';
import type { Uniform } from '../random/streams.js';
import type { ArrivalProcess } from './types.js';

/**
 * A homogeneous Poisson process at `rps` requests/s, from time 0 until `endS` (exclusive).
 *
 * A class rather than a closure over `let t`: V8 keeps a double field of an object in place, while a
 * closure's captured double is boxed anew on every assignment (one heap number per arrival).
 */
class PoissonArrivals implements ArrivalProcess {
  private t = 0;
  private readonly mean: number;

  constructor(
    rps: number,
    private readonly u: Uniform,
    private readonly endS: number,
  ) {
    this.mean = 1 / rps;
  }

  next(): number {
    if (this.t >= this.endS) return Infinity;
    const t = this.t + exponentialOf(this.u(), this.mean);
    return (this.t = t < this.endS ? t : Infinity);
  }
}

/** A homogeneous Poisson process at `rps` requests/s, from time 0 until `endS` (exclusive). */
export function poissonArrivals(rps: number, u: Uniform, endS = Infinity): ArrivalProcess {
  return new PoissonArrivals(rps, u, endS);
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
