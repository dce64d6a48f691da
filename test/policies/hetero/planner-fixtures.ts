// Shared fixtures of the device-aware planner tests: a CPU-only cluster, a planner context and
// observations, so each test file states only what its case changes.
import type { Observation, PolicyContext, StageConfig } from '../../../src/policies/types.js';
import type { PipelineProfile } from '../../../src/profiles/types.js';
import { stream } from '../../../src/random/index.js';
import type { NodeSpec } from '../../../src/serving/cluster.js';

/** One CPU node of `cores` cores, no accelerators, unbounded memory. */
export const cpuNodes = (cores: number): NodeSpec[] => [{ device: 'cpu', cores, accelerators: 0, memoryMB: Infinity }];

/** A planner's context on `nodes`: the pipeline's SLA, 10 s intervals, the policy stream of seed 1. */
export function plannerContext(pipeline: PipelineProfile, nodes: NodeSpec[]): PolicyContext {
  return { pipeline, slaMs: pipeline.slaMs!, adaptationIntervalS: 10, totalCores: nodes.reduce((a, n) => a + n.cores, 0), random: stream(1, 'policy'), maxBatchWaitMs: 100, nodes };
}

/** An observation at `timeS` of the per-second `arrivals`, one ready replica per stage, no latency measured yet. */
export function plannerObservation(pipeline: PipelineProfile, timeS: number, arrivals: number[], config: StageConfig[] = [], totalCores = 0): Observation {
  return {
    timeS,
    arrivalsPerSecond: arrivals,
    config,
    stages: pipeline.stages.map(() => ({ queueLength: 0, readyReplicas: 1, startingReplicas: 0, pendingReplicas: 0 })),
    latencyMs: { mean: NaN, p50: NaN, p99: NaN, count: 0 },
    droppedLastInterval: 0,
    slaMs: pipeline.slaMs!,
    capacity: { totalCores, usedCores: 0 },
  };
}

/** A minute of `rps` requests per second at t = 60 s. */
export function steadyObservation(pipeline: PipelineProfile, rps: number, config: StageConfig[] = []): Observation {
  return plannerObservation(pipeline, 60, new Array(60).fill(rps), config);
}
