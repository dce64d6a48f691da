import type { TopLevelSpec } from './vega-lite-spec.js';
import type { LatencyQuantiles } from '../../metrics/latency-quantiles.js';
import type { SimulationResult } from '../../sim/result.js';
import { policyColor, size, slaRule, VEGA_LITE_SCHEMA } from './encodings.js';
import type { LabelledSeries, PlotOptions } from './types.js';

/** Per-request end-to-end latencies of completed requests (ms), with their label. */
export interface LabelledLatencies {
  label: string;
  latenciesMs: ArrayLike<number>;
}

/**
 * A per-request latency distribution as a quantile grid, with its label: what a sweep saves with each
 * run's series (`latency` in `series/<runId>.json`) and `infersim run --json --full` prints.
 */
export interface LabelledLatencyQuantiles {
  label: string;
  latency: LatencyQuantiles;
}

/** Options of {@link latencyCdfPlot}. */
export interface LatencyCdfPlotOptions extends PlotOptions {
  /** Leave out requests that arrived before this time (s), e.g. the warm-up, for results with a trace. */
  fromS?: number;
  /** The SLA in ms, drawn as a vertical dashed line. */
  slaMs?: number;
  /** Points per curve from per-request latencies (the CDF is sampled at this many evenly spaced quantiles; default 400). A quantile grid is drawn whole. */
  points?: number;
  /** Logarithmic latency axis (default false). */
  logX?: boolean;
}

/** What {@link latencyCdfPlot} accepts per curve. */
export type LatencyCdfInput = SimulationResult | LabelledLatencies | LabelledLatencyQuantiles | LabelledSeries;

/**
 * Latencies and weights of one run: per request from its trace, or from a streaming run's latency
 * histogram (`relativeError` then says how close), else per interval from its series.
 */
function samples(x: Exclude<LatencyCdfInput, LabelledLatencyQuantiles>, fromS: number): { values: number[]; weights?: number[]; exact: boolean; relativeError?: number } {
  if ('latenciesMs' in x) return { values: Array.from(x.latenciesMs).filter(Number.isFinite), exact: true };
  const tr = 'trace' in x ? x.trace : undefined;
  if (tr) {
    const values: number[] = [];
    for (let i = 0; i < tr.status.length; i++) {
      if (tr.status[i] === 1 && tr.arrivalS[i] >= fromS) values.push((tr.finishedS[i] - tr.arrivalS[i]) * 1000);
    }
    return { values, exact: true };
  }
  // A streaming run: its histogram's bins, each weighted by its share (already after the warm-up).
  const cdf = 'latencyCdf' in x ? x.latencyCdf : undefined;
  if (cdf) return { values: cdf.latencyMs, weights: cdf.cumulative.map((c, i) => c - (i > 0 ? cdf.cumulative[i - 1] : 0)), exact: true, relativeError: cdf.relativeError };
  // Without a trace the best we have is each interval's mean latency, weighted by its completions.
  const s = x.series;
  const values: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < s.t.length; i++) {
    if (s.t[i] >= fromS && s.completed[i] > 0 && Number.isFinite(s.meanLatencyMs[i])) {
      values.push(s.meanLatencyMs[i]);
      weights.push(s.completed[i]);
    }
  }
  return { values, weights, exact: false };
}

/**
 * A quantile grid as CDF points: the latency at probability i/(n-1) is where the CDF reaches that
 * fraction, so the curve passes exactly through the summary's p50, p95 and p99 (grid points).
 */
function gridPoints(q: LatencyQuantiles): { latencyMs: number; fraction: number }[] {
  const last = q.quantilesMs.length - 1;
  return q.quantilesMs.map((latencyMs, i) => ({ latencyMs, fraction: i / last }));
}

/** Samples the (weighted) empirical CDF at `points` evenly spaced probabilities. */
function cdfPoints(values: number[], weights: number[] | undefined, points: number): { latencyMs: number; fraction: number }[] {
  const idx = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const w = weights ?? values.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0);
  if (idx.length === 0 || total <= 0) return [];
  const out: { latencyMs: number; fraction: number }[] = [];
  let cum = 0;
  let k = 0;
  for (let j = 0; j < idx.length; j++) {
    cum += w[idx[j]];
    const fraction = cum / total;
    // Keep a point each time the CDF passes the next grid step, and always the last one.
    if (fraction >= k / points || j === idx.length - 1) {
      out.push({ latencyMs: values[idx[j]], fraction });
      while (k / points <= fraction) k++;
    }
  }
  return out;
}

/**
 * The empirical CDF of end-to-end latency per policy. With per-request latencies (given, or from a
 * result run with `metrics: { trace: true }`) it is the exact distribution; from a streaming run's
 * result (`metrics.recording: "streaming"`, its `latencyCdf`) it is the histogram's CDF, whose
 * latencies are within the run's relative error (the axis title says so); with a quantile grid
 * (`{ label, latency }`, as a sweep saves per run) it is drawn through the grid's points, linear in
 * between, and agrees with the summary's percentiles at the grid points; from a result without a
 * trace, or from a labelled series, it falls back to each interval's mean latency weighted by its completions (a smoothed
 * approximation, said so in the axis title). Curves are sampled at `points` quantiles so a spec of
 * a million requests stays small.
 *
 * @example
 * ```ts
 * import { simulate, latencyCdfPlot } from 'infersim';
 * const r = await simulate({ ...scenario, metrics: { trace: true } });
 * latencyCdfPlot([r], { fromS: scenario.warmupS, slaMs: 1000 });
 * latencyCdfPlot([{ label: 'measured', latenciesMs: [812, 640, 1204] }]);
 * ```
 */
export function latencyCdfPlot(
  input: readonly LatencyCdfInput[],
  options: LatencyCdfPlotOptions = {},
): TopLevelSpec {
  const points = options.points ?? 400;
  const rows: { policy: string; latencyMs: number; fraction: number }[] = [];
  const labels: string[] = [];
  let exact = true;
  let grids = false;
  /** The largest relative-error bound of a histogram or grid drawn (0: all exact). */
  let relativeError = 0;
  for (const x of input) {
    let label = 'label' in x ? x.label : x.policy;
    while (labels.includes(label)) label += "'";
    labels.push(label);
    if ('latency' in x) {
      grids = true;
      for (const p of gridPoints(x.latency)) rows.push({ policy: label, ...p });
      relativeError = Math.max(relativeError, x.latency.relativeError ?? 0);
      continue;
    }
    const s = samples(x, options.fromS ?? -Infinity);
    exact &&= s.exact;
    relativeError = Math.max(relativeError, s.relativeError ?? 0);
    for (const p of cdfPoints(s.values, s.weights, points)) rows.push({ policy: label, ...p });
  }
  const xTitle = !exact ? 'latency (ms), per-interval means' : relativeError > 0 ? `end-to-end latency (ms), within ${+(relativeError * 100).toPrecision(3)} %` : 'end-to-end latency (ms)';
  const line = {
    data: { values: rows },
    // An empirical CDF is a step function; a quantile grid is read linearly between its points.
    mark: { type: 'line' as const, interpolate: grids ? ('linear' as const) : ('step-after' as const), strokeWidth: 1.5 },
    encoding: {
      x: { field: 'latencyMs', type: 'quantitative' as const, title: xTitle, ...(options.logX ? { scale: { type: 'log' as const } } : {}) },
      y: { field: 'fraction', type: 'quantitative' as const, title: 'fraction of requests', scale: { domain: [0, 1] } },
      color: policyColor(labels),
    },
  };
  const sla = options.slaMs;
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title ? { title: options.title } : {}),
    ...size(options),
    layer:
      sla === undefined
        ? [line]
        : [
            line,
            slaRule(sla, 'x'),
          ],
  };
}
