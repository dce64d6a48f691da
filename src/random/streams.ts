// alea alone, not the seedrandom entry: see seedrandom-alea.d.ts.
import alea from 'seedrandom/lib/alea.js';

/** A source of uniform numbers in [0, 1). */
export type Uniform = () => number;

/**
 * A seeded uniform stream from seedrandom's `alea` (fast, 2^116 period, and its state hashes any
 * string seed). Streams are derived from `seed` and a `name`, so `stream(7, "arrivals")` and
 * `stream(7, "service/crop")` are independent, and adding a stream never shifts another: two
 * policies run on the same seed see identical arrivals (common random numbers).
 */
export function stream(seed: number | string, name: string): Uniform {
  // alea's generator itself, not a function calling it: every uniform of a run (two or more per
  // request) would pay that call, and a call V8 leaves out of a caller returns its number boxed.
  return alea(`infersim:${seed}:${name}`);
}

/** Named streams for one run: the same name always gives the same sequence for a given seed. */
export interface Streams {
  readonly seed: number | string;
  /** The stream called `name` (a new generator at its start on every call). */
  get(name: string): Uniform;
}

/** Creates the named-stream family of a run. */
export function createStreams(seed: number | string): Streams {
  return { seed, get: (name) => stream(seed, name) };
}
