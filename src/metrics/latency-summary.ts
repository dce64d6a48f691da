import { selectInPlace } from './select.js';

/** Mean and percentiles of a set of latencies (NaN when empty). */
export interface LatencySummary {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Summarises `values`, reordering them in place. Quantiles use linear interpolation between order
 * statistics (R-7, numpy's default, as d3's `quantile`). Instead of sorting (n log n), a selection
 * places each needed order statistic in O(n), from the highest quantile down so each selection
 * works on the part left of the previous one.
 */
export function summariseInPlace(values: Float64Array): LatencySummary {
  const n = values.length;
  if (n === 0) return { mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  let sum = 0;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    sum += v;
    if (v > max) max = v;
  }
  let right = n - 1;
  const at = (p: number): number => {
    const h = (n - 1) * p;
    const i = Math.floor(h);
    selectInPlace(values, i, 0, right);
    const lo = values[i];
    // The next order statistic is the smallest value right of i (up to the previous bound).
    let hi = lo;
    if (i + 1 < n) {
      hi = Infinity;
      for (let j = i + 1; j <= right; j++) if (values[j] < hi) hi = values[j];
      if (hi === Infinity) hi = values[i + 1];
    }
    right = i;
    return lo + (hi - lo) * (h - i);
  };
  const p99 = at(0.99);
  const p95 = at(0.95);
  const p50 = at(0.5);
  return { mean: sum / n, p50, p95, p99, max };
}
