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
 *
 * @param sum - the sum of `values` added in their order, when the caller kept it as they came (the
 *   same additions in the same order, so the same mean to the bit); the values may then be in any
 *   order. Summed here otherwise.
 */
export function summariseInPlace(values: Float64Array, sum?: number): LatencySummary {
  const n = values.length;
  if (n === 0) return { mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  let total = 0;
  let max = -Infinity;
  if (sum === undefined) {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      total += v;
      if (v > max) max = v;
    }
  } else {
    total = sum;
    for (let i = 0; i < n; i++) if (values[i] > max) max = values[i];
  }
  const p99 = quantileAtOrBelow(values, 0.99, n - 1);
  const p95 = quantileAtOrBelow(values, 0.95, Math.floor((n - 1) * 0.99));
  const p50 = quantileAtOrBelow(values, 0.5, Math.floor((n - 1) * 0.95));
  return { mean: total / n, p50, p95, p99, max };
}

/**
 * The p99 of `values` as {@link summariseInPlace} gives it (the same bits), reordering them in place,
 * without the other percentiles' selections or the sum (NaN when empty). For per-interval p99s.
 */
export function p99InPlace(values: Float64Array): number {
  return values.length === 0 ? NaN : quantileAtOrBelow(values, 0.99, values.length - 1);
}

/**
 * The R-7 quantile `p` of `values`, selecting its order statistic within `values[0..right]`: every
 * value right of `right` must be at least every value up to it (a previous, higher quantile's
 * selection leaves them so), so the selection only works on the part left of it.
 */
function quantileAtOrBelow(values: Float64Array, p: number, right: number): number {
  const n = values.length;
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
  return lo + (hi - lo) * (h - i);
}
