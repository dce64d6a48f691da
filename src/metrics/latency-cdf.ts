import type { LogHistogram } from './log-histogram.js';
import type { LatencyQuantiles } from './latency-quantiles.js';

/**
 * A streaming run's per-request latency distribution (`metrics.recording: "streaming"` keeps no
 * per-request table): its log histogram's non-empty bins as a CDF. The share `cumulative[i]` is
 * exact (bin edges are exact); the latency `latencyMs[i]` at which the CDF reaches it is within
 * `relativeError` of the true one (the largest latency in the bin). Its size is the number of
 * non-empty bins (about 1,150 per decade of latencies at 0.1 %), not the number of requests.
 */
export interface LatencyCdf {
  /** Latencies it holds: requests completed that arrived after the warm-up (the summary's population). */
  count: number;
  /** Relative-error bound of `latencyMs` (the scenario's `metrics.relativeError`). */
  relativeError: number;
  /** Each non-empty bin's latency, ms, ascending (0 for the bin of latencies below 1e-9 ms). */
  latencyMs: number[];
  /** Share of the latencies in this bin and below, in (0, 1]; the last is 1. */
  cumulative: number[];
}

/** The CDF of a histogram of latencies in seconds (as the run recorder keeps them), in ms. */
export function histogramLatencyCdf(h: LogHistogram): LatencyCdf {
  const { values, counts } = h.cdf();
  return { count: h.count, relativeError: h.relativeError, latencyMs: values.map((v) => v * 1000), cumulative: counts.map((c) => c / h.count) };
}

/**
 * The quantile grid of a {@link LatencyCdf}, by the summary's rule (R-7: linear interpolation
 * between the order statistics around `(n - 1) p`), each order statistic read as its bin's latency:
 * every quantile is within `relativeError` of the exact one, and the grid carries that bound.
 */
export function latencyCdfQuantiles(cdf: LatencyCdf, points: number): LatencyQuantiles {
  const n = cdf.count;
  if (n === 0 || cdf.latencyMs.length === 0) return { count: 0, quantilesMs: [], relativeError: cdf.relativeError };
  // Cumulative counts back from the shares (exact integers, rounded against float error).
  const counts = cdf.cumulative.map((c) => Math.round(c * n));
  let bin = 0;
  /** The order statistic at 0-based rank r; ranks are asked in ascending order. */
  const at = (r: number): number => {
    while (bin < counts.length - 1 && counts[bin] <= r) bin++;
    return cdf.latencyMs[bin];
  };
  const quantilesMs = Array.from({ length: points }, (_, i) => {
    const h = (n - 1) * (i / (points - 1));
    const lo = Math.floor(h);
    const a = at(lo);
    const b = at(Math.min(lo + 1, n - 1));
    return a + (b - a) * (h - lo);
  });
  return { count: n, quantilesMs, relativeError: cdf.relativeError };
}
