/**
 * Wall-clock milliseconds, for timing decisions and training only: never used for simulated time,
 * and kept out of the deterministic part of every result.
 */
export function wallMs(): number {
  return globalThis.performance.now();
}
