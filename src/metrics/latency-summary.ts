import { orderStatistics } from './order-statistics.js';
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
 * From this many values on, the summary's order statistics come from {@link orderStatistics}'s
 * bucket histogram (two sequential passes) rather than selections in place: below it, clearing
 * the histogram costs more than the selections (about 200 KB of buckets and slots against a few KB of values).
 */
export const HISTOGRAM_FROM = 1 << 16;

/**
 * Summarises `values`, possibly reordering them in place. Quantiles use linear interpolation between
 * order statistics (R-7, numpy's default, as d3's `quantile`). Instead of sorting (n log n), the six
 * order statistics needed are found in O(n): for many values by a histogram of their top bits
 * ({@link orderStatistics}), otherwise (or where it does not apply) by selections in place from the
 * highest quantile down, each working on the part left of the previous one. Both give the exact
 * order statistics, so the same bits.
 *
 * @param sum - the sum of `values` added in their order, when the caller kept it as they came (the
 *   same additions in the same order, so the same mean to the bit); the values may then be in any
 *   order. Summed here otherwise.
 */
export function summariseInPlace(values: Float64Array, sum?: number): LatencySummary {
  const n = values.length;
  if (n === 0) return { mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  // With the sum given and many values, the histogram's order statistics include the max (rank
  // n - 1, the same double as a scan finds): no separate pass over the values. A pass run once
  // per process over a million values runs mostly before V8 optimises it, so each one counts.
  if (sum !== undefined && n >= HISTOGRAM_FROM) {
    const q = quantilesByHistogram(values, SUMMARY_PS, true);
    if (q !== undefined) return { mean: sum / n, p50: q[2], p95: q[1], p99: q[0], max: q[3] };
  }
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
  if (n >= HISTOGRAM_FROM && sum === undefined) {
    const q = quantilesByHistogram(values, SUMMARY_PS);
    if (q !== undefined) return { mean: total / n, p50: q[2], p95: q[1], p99: q[0], max };
  }
  const p99 = quantileAtOrBelow(values, 0.99, n - 1);
  const p95 = quantileAtOrBelow(values, 0.95, Math.floor((n - 1) * 0.99));
  const p50 = quantileAtOrBelow(values, 0.5, Math.floor((n - 1) * 0.95));
  return { mean: total / n, p50, p95, p99, max };
}

/**
 * {@link summariseInPlace} of `values` given their `sum`, and the p99 of their segment
 * `values[from..to)` as {@link p99InPlace} gives it: the same numbers, to the bit. For many values
 * both come from one bucket histogram ({@link orderStatistics} with a segment), rather than a
 * selection over the segment and then the histogram: a run with one long series interval (its
 * latencies nearly the whole run's) then passes over them twice instead of three or four times,
 * each pass mostly before V8 has optimised it.
 */
export function summariseWithSegmentP99(values: Float64Array, sum: number, from: number, to: number): { summary: LatencySummary; segmentP99: number } {
  const n = values.length;
  const m = to - from;
  if (n >= HISTOGRAM_FROM && m > 0) {
    const ranks = histogramRanks(n, SUMMARY_PS, true);
    const segRanks = histogramRanks(m, [0.99], false);
    const os = orderStatistics(values, ranks, { from, to, ranks: segRanks });
    if (os !== undefined) {
      const q = interpolated(n, SUMMARY_PS, os, 0);
      return { summary: { mean: sum / n, p50: q[2], p95: q[1], p99: q[0], max: os[ranks.length - 1] }, segmentP99: interpolated(m, [0.99], os, ranks.length)[0] };
    }
  }
  const segmentP99 = p99InPlace(values.subarray(from, to));
  return { summary: summariseInPlace(values, sum), segmentP99 };
}

/**
 * The p99 of `values` as {@link summariseInPlace} gives it (the same bits), reordering them in place,
 * without the other percentiles' selections or the sum (NaN when empty). For per-interval p99s.
 */
export function p99InPlace(values: Float64Array): number {
  return values.length === 0 ? NaN : quantileAtOrBelow(values, 0.99, values.length - 1);
}

/** The summary's percentiles, highest first. */
const SUMMARY_PS = [0.99, 0.95, 0.5] as const;

/** The order-statistic ranks the R-7 quantiles `ps` of `n` values need (floor(h) and the next), then `n - 1` (the max) with `withMax`. */
function histogramRanks(n: number, ps: readonly number[], withMax: boolean): number[] {
  const ranks: number[] = [];
  for (const p of ps) {
    const i = Math.floor((n - 1) * p);
    ranks.push(i, Math.min(i + 1, n - 1));
  }
  if (withMax) ranks.push(n - 1);
  return ranks;
}

/** The R-7 quantiles `ps` of `n` values from their order statistics at {@link histogramRanks}' ranks, read from `os` at `at`. */
function interpolated(n: number, ps: readonly number[], os: Float64Array, at: number): number[] {
  return ps.map((p, k) => {
    const h = (n - 1) * p;
    const lo = os[at + 2 * k];
    const hi = os[at + 2 * k + 1];
    return lo + (hi - lo) * (h - Math.floor(h));
  });
}

/**
 * The R-7 quantiles `ps` of `values` (not reordered) from their order statistics at floor(h) and
 * the next one, by the same formula as {@link quantileAtOrBelow}, followed by the max with
 * `withMax`; undefined where {@link orderStatistics} does not apply.
 */
function quantilesByHistogram(values: Float64Array, ps: readonly number[], withMax = false): number[] | undefined {
  const n = values.length;
  const ranks = histogramRanks(n, ps, withMax);
  const os = orderStatistics(values, ranks);
  if (os === undefined) return undefined;
  const out = interpolated(n, ps, os, 0);
  if (withMax) out.push(os[ranks.length - 1]);
  return out;
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
