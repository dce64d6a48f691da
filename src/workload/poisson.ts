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
  /** With {@link prefetchedPoissonArrivals}: the next times, worked out ahead; `at` is the next to hand out. */
  private readonly ahead: Float64Array | undefined;
  private at = 0;

  constructor(
    rps: number,
    private readonly u: Uniform,
    private readonly endS: number,
    aheadSize = 0,
  ) {
    this.mean = 1 / rps;
    this.ahead = aheadSize > 0 ? new Float64Array(aheadSize) : undefined;
    this.at = aheadSize;
  }

  next(): number {
    const ahead = this.ahead;
    if (ahead === undefined) return this.draw();
    if (this.at === ahead.length) this.fill(ahead);
    return ahead[this.at++];
  }

  /** The next time, drawn now. */
  private draw(): number {
    return (this.t = nextArrival(this.t, this.u, this.mean, this.endS));
  }

  /**
   * Works out the next `ahead.length` times, in order (apart so {@link next} stays small): what
   * {@link draw} does, with the time in a local and stored back once. Written to the field on every
   * draw, the time cost a heap number per arrival (~16 bytes allocated, a share of the run's minor GCs).
   */
  private fill(ahead: Float64Array): void {
    const u = this.u;
    const mean = this.mean;
    const endS = this.endS;
    let t = this.t;
    for (let k = 0; k < ahead.length; k++) ahead[k] = t = nextArrival(t, u, mean, endS);
    this.t = t;
    this.at = 0;
  }
}

/** The arrival after time `t` (Infinity from `endS` on): one exponential gap of mean `mean` drawn from `u`. */
function nextArrival(t: number, u: Uniform, mean: number, endS: number): number {
  if (t >= endS) return Infinity;
  const next = t + exponentialOf(u(), mean);
  return next < endS ? next : Infinity;
}

/** A homogeneous Poisson process at `rps` requests/s, from time 0 until `endS` (exclusive). */
export function poissonArrivals(rps: number, u: Uniform, endS = Infinity): ArrivalProcess {
  return new PoissonArrivals(rps, u, endS);
}

/**
 * {@link poissonArrivals} with its times worked out 256 at a time: the same times, for a stream `u`
 * nothing else draws from (a run's own `arrivals` stream; drawing ahead would otherwise reorder
 * the stream between its readers). Why: called per arrival from the event loop, the draw (a
 * logarithm behind two calls) is often not inlined there (V8 inlines only so many bytecodes into one
 * function) and returns its time boxed on the heap; drawn in a loop of its own it is inlined and
 * nothing is boxed, and the event loop reads an array.
 */
export function prefetchedPoissonArrivals(rps: number, u: Uniform, endS = Infinity): ArrivalProcess {
  return new PoissonArrivals(rps, u, endS, 256);
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
