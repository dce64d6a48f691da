import { configAccuracy } from '../policies/learning/features.js';
import { configFigures } from '../policies/learning/layout.js';
import type { Observation, StageConfig } from '../policies/types.js';
import type { PipelineProfile } from '../profiles/types.js';
import { RequestStatus, type RequestTable } from '../serving/request-table.js';

/**
 * What happened during one environment step (one adaptation interval), by name: the variables a
 * reward function (or a reward expression) may use. Observed figures come from the simulation
 * (arrivals, completions, drops, latencies); model figures come from the configuration and the
 * profiles (cores, accuracy, throughput), as OPD's and the seed's rewards define them.
 */
export interface StepMetrics {
  /** Length of the step, s. */
  intervalS: number;
  /** Simulated time at the step's end, s. */
  timeS: number;
  /** Arrivals per second during the step (observed). */
  load: number;
  /** The featuriser's load forecast at the step's end, requests/s. */
  predictedLoad: number;
  /** Requests that arrived during the step. */
  arrivals: number;
  /** Requests that completed during the step. */
  completed: number;
  /** Requests dropped during the step. */
  dropped: number;
  /** Requests that completed during the step after the SLA. */
  late: number;
  /** `dropped + late`. */
  slaViolations: number;
  /** `slaViolations / (completed + dropped)`, 0 when nothing finished. */
  slaViolationRate: number;
  /** Mean end-to-end latency of the step's completions, ms (0 when none). */
  meanLatencyMs: number;
  /** p99 end-to-end latency of the step's completions, ms (0 when none). */
  p99LatencyMs: number;
  /** Mean accuracy score of the requests completed during the step (0 when none). */
  servedAccuracy: number;
  /** Pipeline accuracy score of the configuration (the scenario's `accuracy` method). */
  accuracy: number;
  /** Sum of the chosen variants' raw accuracies (OPD's V). */
  accuracySum: number;
  /**
   * Sum of the chosen variants' rank-normalised accuracies (per stage 0 for the least accurate
   * variant, 1 for the most accurate): IPA's original pipeline accuracy score, OPD's V when the
   * reward's `normalizeAccuracy` is set.
   */
  rankAccuracySum: number;
  /** Cores the configuration asks for: sum of replicas x cores (OPD's C, IPA's cost). */
  cores: number;
  /** Cores held by placed replicas at the step's end (observed). */
  usedCores: number;
  /** Smallest stage throughput of the configuration, requests/s (OPD's T). */
  throughput: number;
  /** `load - throughput` (OPD's E: positive when the load exceeds what the configuration serves). */
  excessLoad: number;
  /** Sum of the stages' mean batch latencies, s (OPD's L). */
  latencyS: number;
  /** Sum of the stages' p99 batch latencies, ms (the planners' SLA term without batch wait). */
  modelP99Ms: number;
  /** Largest batch over stages (OPD's B). */
  batchMax: number;
  /** Sum of batch sizes (IPA's batch term). */
  batchSum: number;
  /** Requests waiting in all stage queues at the step's end. */
  queued: number;
  /** Replicas waiting for cores at the step's end. */
  pendingReplicas: number;
  /** 1 when the step's action changed the configuration, else 0. */
  reconfigured: number;
  /** The end-to-end SLA, ms. */
  slaMs: number;
}

/** Every {@link StepMetrics} name, in declaration order: the symbols a reward expression may use. */
export const stepMetricNames: readonly (keyof StepMetrics)[] = [
  'intervalS',
  'timeS',
  'load',
  'predictedLoad',
  'arrivals',
  'completed',
  'dropped',
  'late',
  'slaViolations',
  'slaViolationRate',
  'meanLatencyMs',
  'p99LatencyMs',
  'servedAccuracy',
  'accuracy',
  'accuracySum',
  'rankAccuracySum',
  'cores',
  'usedCores',
  'throughput',
  'excessLoad',
  'latencyS',
  'modelP99Ms',
  'batchMax',
  'batchSum',
  'queued',
  'pendingReplicas',
  'reconfigured',
  'slaMs',
];

/**
 * Counts what finished in a window from a run's request table, read-only. Requests finish out of
 * order, so a cursor keeps the oldest request that may still be in flight: everything before it
 * finished in an earlier window, and a step scans only the requests of the last few intervals.
 */
export class FinishedCounter {
  private lo = 0;
  constructor(private readonly slaS: number) {}

  /** Requests that finished in `[t0, t1)`: completed, late, dropped, latencies and accuracy sum. */
  count(table: RequestTable, t0: number, t1: number): { completed: number; late: number; dropped: number; latencies: number[]; accuracySum: number } {
    let completed = 0;
    let late = 0;
    let dropped = 0;
    let accuracySum = 0;
    const latencies: number[] = [];
    const n = table.count;
    for (let i = this.lo; i < n; i++) {
      const st = table.status[i];
      if (st === RequestStatus.InFlight) continue;
      const f = table.finished[i];
      if (f < t0 || f >= t1) continue;
      if (st === RequestStatus.Dropped) dropped++;
      else {
        completed++;
        const lat = f - table.arrival[i];
        latencies.push(lat);
        if (lat > this.slaS) late++;
        const a = table.accuracy(i);
        if (Number.isFinite(a)) accuracySum += a;
      }
    }
    while (this.lo < n && table.status[this.lo] !== RequestStatus.InFlight && table.finished[this.lo] < t1) this.lo++;
    return { completed, late, dropped, latencies, accuracySum };
  }
}

/** The p-quantile of `xs`, sorting it in place; 0 for no values. */
function quantile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  xs.sort((a, b) => a - b);
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  return xs[lo] + (h - lo) * ((xs[Math.min(lo + 1, xs.length - 1)] ?? xs[lo]) - xs[lo]);
}

/** Inputs of {@link stepMetrics}. */
export interface StepInputs {
  pipeline: PipelineProfile;
  accuracy: { method: 'sum' | 'product' | 'mean'; normalize: 'raw' | 'rank' };
  config: readonly StageConfig[];
  obs: Observation;
  finished: ReturnType<FinishedCounter['count']>;
  t0: number;
  t1: number;
  predictedLoad: number;
  reconfigured: boolean;
}

/** Assembles the {@link StepMetrics} of a step. */
export function stepMetrics(x: StepInputs): StepMetrics {
  const f = configFigures(x.pipeline, x.config);
  const intervalS = x.t1 - x.t0;
  const h = x.obs.arrivalsPerSecond;
  // Whole seconds of the step that the observation has (the history ends at the last full second).
  const secs = Math.min(h.length, Math.max(1, Math.round(intervalS)));
  let arrivals = 0;
  for (let i = h.length - secs; i < h.length; i++) arrivals += h[i];
  const load = secs > 0 ? arrivals / secs : 0;
  const fin = x.finished;
  const ended = fin.completed + fin.dropped;
  const lats = fin.latencies;
  const mean = lats.length ? lats.reduce((a, b) => a + b, 0) / lats.length : 0;
  return {
    intervalS,
    timeS: x.t1,
    load,
    predictedLoad: x.predictedLoad,
    arrivals,
    completed: fin.completed,
    dropped: fin.dropped,
    late: fin.late,
    slaViolations: fin.late + fin.dropped,
    slaViolationRate: ended > 0 ? (fin.late + fin.dropped) / ended : 0,
    meanLatencyMs: mean * 1000,
    p99LatencyMs: quantile(lats, 0.99) * 1000,
    servedAccuracy: fin.completed > 0 ? fin.accuracySum / fin.completed : 0,
    accuracy: configAccuracy(x.pipeline, x.config, x.accuracy),
    accuracySum: f.accuracySum,
    rankAccuracySum: configAccuracy(x.pipeline, x.config, { method: 'sum', normalize: 'rank' }),
    cores: f.cores,
    usedCores: x.obs.capacity.usedCores,
    throughput: f.throughput,
    excessLoad: load - f.throughput,
    latencyS: f.latencyMs / 1000,
    modelP99Ms: f.latencyP99Ms,
    batchMax: f.batchMax,
    batchSum: f.batchSum,
    queued: x.obs.stages.reduce((a, s) => a + s.queueLength, 0),
    pendingReplicas: x.obs.stages.reduce((a, s) => a + s.pendingReplicas, 0),
    reconfigured: x.reconfigured ? 1 : 0,
    slaMs: x.obs.slaMs,
  };
}
