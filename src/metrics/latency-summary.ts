import { quantileSorted } from 'd3-array';

/** Mean and percentiles of a set of latencies (NaN when empty). */
export interface LatencySummary {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Summarises `values` by sorting them in place once (typed-array sort is numeric) and reading the
 * quantiles with d3's `quantileSorted` (linear interpolation, R-7, as numpy's default).
 */
export function summariseInPlace(values: Float64Array): LatencySummary {
  const n = values.length;
  if (n === 0) return { mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  values.sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  // d3's types ask for an array; typed arrays are array-likes it reads the same way.
  const sorted = values as unknown as number[];
  return {
    mean: sum / n,
    p50: quantileSorted(sorted, 0.5)!,
    p95: quantileSorted(sorted, 0.95)!,
    p99: quantileSorted(sorted, 0.99)!,
    max: values[n - 1],
  };
}
