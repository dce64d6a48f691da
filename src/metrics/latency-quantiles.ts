import type { RequestTrace } from '../sim/result.js';

/**
 * A run's per-request latency distribution, small enough to store with every run of a sweep: its
 * quantile function sampled on an even grid. `quantilesMs[i]` is the quantile at probability
 * `i / (quantilesMs.length - 1)`, by the same rule (R-7: linear interpolation between order
 * statistics) as the summary's percentiles, so `quantilesMs[990]` of a 1001-point grid is exactly
 * the summary's p99, `[500]` its p50 and `[950]` its p95. Between grid points a CDF drawn from it is
 * linear, so read it to within 1/(points - 1) in probability (0.1 percentage point by default).
 */
export interface LatencyQuantiles {
  /** Latencies it was computed from (completed requests that arrived after the warm-up). */
  count: number;
  /** Quantiles in ms at probabilities 0, 1/(n-1), ..., 1 (empty when count is 0). */
  quantilesMs: number[];
  /**
   * Absent for exact quantiles (from per-request latencies). From a streaming run's histogram
   * (`latencyCdfQuantiles`): each quantile is within this relative error of the exact one.
   */
  relativeError?: number;
}

/** Grid points of {@link latencyQuantiles} by default: probabilities in steps of 0.001. */
export const LATENCY_QUANTILE_POINTS = 1001;

/** The quantile grid of latencies given in ms (the input is not changed). */
export function latencyQuantiles(latenciesMs: ArrayLike<number>, points = LATENCY_QUANTILE_POINTS): LatencyQuantiles {
  const sorted = Float64Array.from(latenciesMs).sort();
  const n = sorted.length;
  if (n === 0) return { count: 0, quantilesMs: [] };
  const quantilesMs = Array.from({ length: points }, (_, i) => {
    const h = (n - 1) * (i / (points - 1));
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, n - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
  });
  return { count: n, quantilesMs };
}

/**
 * The quantile grid of a request trace: latencies of the requests that completed and arrived at or
 * after `fromS` (the warm-up), the population of the summary's percentiles. Latencies are computed
 * in seconds and scaled to ms per quantile, as the summary does, so the grid's p99 equals it.
 */
export function traceLatencyQuantiles(trace: RequestTrace, fromS: number, points = LATENCY_QUANTILE_POINTS): LatencyQuantiles {
  const s: number[] = [];
  for (let i = 0; i < trace.status.length; i++) {
    if (trace.status[i] === 1 && trace.arrivalS[i] >= fromS) s.push(trace.finishedS[i] - trace.arrivalS[i]);
  }
  const q = latencyQuantiles(s, points);
  return { count: q.count, quantilesMs: q.quantilesMs.map((v) => v * 1000) };
}

/**
 * Whether a run of `scenario` can record the per-request trace an exact quantile grid is computed
 * from: not in streaming recording (`metrics.recording: "streaming"` keeps no per-request table;
 * its result's `latencyCdf` gives a grid within its relative error, see `latencyCdfQuantiles`).
 */
export function canTraceLatencies(scenario: Record<string, unknown>): boolean {
  return (scenario.metrics as { recording?: unknown } | undefined)?.recording !== 'streaming';
}
