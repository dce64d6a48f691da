import type { PipelineProfile } from '../../profiles/types.js';
import type { NodeSpec } from '../../serving/cluster.js';
import type { ClusterSpec } from '../../sim/scenario.js';
import { Simulation } from '../../sim/simulation.js';
import { validateScenario } from '../../sim/validate.js';
import type { WithinSecondMode } from '../../workload/types.js';
import type { PipelineConfig } from '../types.js';
import { toPipelineConfig, type InferLineEstimator, type InferLineStage } from './inferline-planner.js';

/** What the simulation estimator replays. */
export interface SampleEstimatorInput {
  pipeline: PipelineProfile;
  slaMs: number;
  /** The planning sample: arrivals per second. */
  sample: readonly number[];
  /** How the sample's arrivals spread within each second (as a trace workload's `withinSecond`). */
  withinSecond: WithinSecondMode;
  /** The cluster's nodes (unbounded CPU when absent or unbounded). */
  nodes?: readonly NodeSpec[];
  maxBatchWaitMs: number;
  /** Seed of the sample's arrivals and service noise. */
  seed: number;
  /** The latency quantile that must meet the SLO (InferLine: 0.99). */
  quantile: number;
}

/** What one estimate measured. */
export interface SampleEstimate {
  feasible: boolean;
  /** Requests of the sample that missed the SLA (late, dropped or unfinished), as a share. */
  missRate: number;
  requests: number;
}

/** The cluster of a planning run: the real nodes, one group per node (none when unbounded). */
function clusterOf(nodes: readonly NodeSpec[] | undefined): ClusterSpec | undefined {
  if (!nodes || nodes.some((n) => !Number.isFinite(n.cores))) return undefined;
  return {
    nodes: nodes.map((n) => ({ device: n.device, cores: n.cores, accelerators: n.accelerators, ...(Number.isFinite(n.memoryMB) ? { memoryMB: n.memoryMB } : {}) })),
  };
}

/**
 * InferLine's Estimator as a discrete-event simulation: runs `config` (deployed warm at t = 0) on
 * the sample with infersim's own simulator and reports whether the `quantile` of end-to-end latency
 * meets the SLO, counting every late, dropped or unfinished request as a miss. Service times are the
 * profiled means (with a variant's own `serviceDist` if its profile has one), as InferLine's estimator
 * replays profiled batch latencies. Requests older than three SLOs are dropped, which bounds the cost
 * of simulating an overloaded candidate without changing the verdict (they are misses either way).
 *
 * The scenario is validated once; every estimate is one synchronous simulation of the sample.
 */
export function sampleEstimator(input: SampleEstimatorInput): {
  /** One simulation of the sample under `config`: its miss rate and verdict. */
  estimate: (config: PipelineConfig) => SampleEstimate;
  /** The verdict alone, as the planner asks for it. */
  estimator: InferLineEstimator;
} {
  const durationS = Math.max(1, input.sample.length);
  const resolved = validateScenario({
    name: 'inferline-estimate',
    seed: input.seed,
    durationS,
    slaMs: input.slaMs,
    pipeline: input.pipeline,
    workload: { type: 'trace', rps: input.sample.length ? [...input.sample] : [0], withinSecond: input.withinSecond },
    cluster: clusterOf(input.nodes),
    serving: { maxBatchWaitMs: input.maxBatchWaitMs, dropLimitS: (3 * input.slaMs) / 1000, adaptationIntervalS: durationS + 1 },
    policy: () => undefined,
  });
  const allowed = 1 - input.quantile;
  const estimate = (config: PipelineConfig): SampleEstimate => {
    const sim = new Simulation(resolved, { name: 'inferline-estimate', decide: () => config });
    const s = sim.run().summary;
    const missRate = s.requests > 0 ? s.slaViolations / s.requests : 0;
    return { feasible: missRate <= allowed + 1e-12, missRate, requests: s.requests };
  };
  return { estimate, estimator: (stages: readonly InferLineStage[]) => estimate(toPipelineConfig(stages)).feasible };
}
