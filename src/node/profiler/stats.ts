import { quantileSorted } from 'd3-array';

/** Summary of one batch size's timed runs. */
export interface LatencyStats {
  runs: number;
  meanMs: number;
  /** Sample standard deviation (n - 1), ms; 0 for a single run. With `meanMs` it gives the run-to-run CV. */
  stdMs: number;
  p50Ms: number;
  p99Ms: number;
  minMs: number;
  maxMs: number;
}

/**
 * Mean and percentiles of latencies in ms. Percentiles interpolate between order statistics
 * (d3's R-7 rule), so with 10 runs p99 sits between the two slowest; ask for more repeats when
 * the tail matters.
 */
export function latencyStats(latenciesMs: readonly number[]): LatencyStats {
  if (latenciesMs.length === 0) throw new RangeError('latencyStats needs at least one latency');
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  let sum = 0;
  for (const x of sorted) sum += x;
  const mean = sum / sorted.length;
  let ss = 0;
  for (const x of sorted) ss += (x - mean) ** 2;
  return {
    runs: sorted.length,
    meanMs: mean,
    stdMs: sorted.length > 1 ? Math.sqrt(ss / (sorted.length - 1)) : 0,
    p50Ms: quantileSorted(sorted, 0.5) ?? NaN,
    p99Ms: quantileSorted(sorted, 0.99) ?? NaN,
    minMs: sorted[0],
    maxMs: sorted[sorted.length - 1],
  };
}
