import { configAccuracy } from '../policies/learning/features.js';
import { configFigures } from '../policies/learning/layout.js';
import type { PipelineProfile } from '../profiles/types.js';
import type { SimulationResult } from '../sim/result.js';
import { opdQos, type OpdRewardOptions } from './rewards.js';

/**
 * OPD's QoS of a finished run, per series interval and on average: each interval's configuration
 * (as sampled in `result.series.stages`) scored by {@link opdQos} against the interval's arrival
 * rate (and, with `observedLatency`, the interval's observed mean latency). This is how the learning example puts IPA, greedy, random and the learned policies on OPD's
 * QoS axis (its Figs. 4-6), whatever policy produced the run.
 */
export function runQos(result: SimulationResult, pipeline: PipelineProfile, options: OpdRewardOptions = {}): { mean: number; perInterval: number[] } {
  const s = result.series;
  const perInterval = s.t.map((_, b) => {
    const config = s.stages.map((st) => ({ variant: st.variant[b], batch: st.batch[b], replicas: st.replicas[b] }));
    const f = configFigures(pipeline, config);
    const rankAccuracySum = options.normalizeAccuracy ? configAccuracy(pipeline, config, { method: 'sum', normalize: 'rank' }) : undefined;
    const observed = s.meanLatencyMs[b];
    const completed = Number.isFinite(observed) ? s.completed[b] : 0;
    return opdQos({ accuracySum: f.accuracySum, rankAccuracySum, throughput: f.throughput, latencyS: f.latencyMs / 1000, excessLoad: s.arrivalRate[b] - f.throughput, completed, meanLatencyMs: completed > 0 ? observed : 0 }, options);
  });
  const mean = perInterval.length ? perInterval.reduce((a, b) => a + b, 0) / perInterval.length : NaN;
  return { mean, perInterval };
}

/** One policy's run on one workload, scored as OPD's figures compare policies. */
export interface RunScore {
  policy: string;
  /** The scenario's name or a label. */
  scenario: string;
  /** Mean cores (IPA's cost). */
  costCores: number;
  /** Mean OPD QoS per interval ({@link runQos}). */
  qos: number;
  /** Mean accuracy of completed requests. */
  accuracy: number;
  /** SLA violation rate (late, dropped or unfinished over requests). */
  slaViolationRate: number;
  /** Mean wall time of a decision, ms. */
  decisionMs: number;
  /** 99th percentile of decision wall time, ms. */
  decisionP99Ms: number;
}

/** Scores a finished run (see {@link RunScore}). */
export function scoreRun(result: SimulationResult, pipeline: PipelineProfile, label: { policy?: string; scenario?: string } = {}, options: OpdRewardOptions = {}): RunScore {
  const d = result.timing.decisionMsSummary;
  return {
    policy: label.policy ?? result.policy,
    scenario: label.scenario ?? result.name,
    costCores: result.summary.costCores,
    qos: runQos(result, pipeline, options).mean,
    accuracy: result.summary.accuracy,
    slaViolationRate: result.summary.slaViolationRate,
    decisionMs: d.mean,
    decisionP99Ms: d.p99,
  };
}
