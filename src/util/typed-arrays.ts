/** The typed arrays the simulator's tables grow. */
export type GrowableArray = Float64Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Uint8Array;

/**
 * A copy of `a` in a new array of the same type and `length` (at least `a.length`), zeros beyond.
 * The tables of requests, tasks, events and interval samples are sized up front and only grow
 * (doubling) when a run outgrows its estimate, so this is off the hot path.
 */
export function enlarged<T extends GrowableArray>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}
