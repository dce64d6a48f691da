import { bundledPipelines } from '../bundled/index.js';
import { describeValue, guardPolicy, InputError, inputError } from '../errors.js';
import type { PipelineProfile } from '../profiles/types.js';
import { stream } from '../random/index.js';
import { closest } from '../util/closest.js';
import type { DecisionInfo, PlanningPolicy } from './allocation-policy.js';
import { createPolicy } from './registry.js';
import type { AllocationStatus } from './solvers/solve.js';
import type { SolverName } from './solvers/types.js';
import type { Observation, StageConfig } from './types.js';

/** What to plan for. */
export interface PlanOptions {
  /** The load to provision for, requests/s. */
  rps: number;
  /** End-to-end SLA in ms; default the pipeline's own `slaMs`. */
  slaMs?: number;
  /** IPA's objective weights (for the IPA family); unspecified ones keep the policy's defaults. */
  weights?: { alpha?: number; beta?: number; gamma?: number };
  /**
   * The planning policy: a name (`"ipa"`, `"fa2-low"`, `"fa2-high"`, `"rim"`, `"fa2"`, `"greedy"`,
   * `"random"`) or `{ name, ...options }` with that policy's options. Default `"ipa"`.
   */
  policy?: string | ({ name: string } & Record<string, unknown>);
  /** Solver of the IPA family: `dp` (default), `glpk` or `bruteForce`. */
  solver?: SolverName;
  /** Cores of the cluster; default unbounded. */
  totalCores?: number;
  /** Seed of the `random` policy's stream; default 0. */
  seed?: number | string;
  /**
   * The serving system's maximum batch wait, which caps the batch-wait term; default 1000 ms (IPA's
   * 1 s, the simulator's default).
   */
  maxBatchWaitMs?: number;
}

/** A one-shot plan: the configuration per stage and what it scores. */
export interface PlanResult {
  /** The policy that planned. */
  policy: string;
  config: StageConfig[];
  /** The policy's objective (IPA's `alpha ACC - beta cores - gamma batch`; `-cores` for fa2, greedy, random). */
  objective: number;
  /** Pipeline accuracy score as the policy's objective counts it (0 for the cost-only policies). */
  accuracy: number;
  cores: number;
  /** Planned end-to-end latency: sum of stage p99 latencies (with margin) and batch waits, ms. */
  latencyMs: number;
  /** `true` when every constraint holds, `false` when a fallback was used (see `status`). */
  feasible: boolean;
  status: AllocationStatus;
  /** The load the configuration sustains, requests/s. */
  servedRps: number;
  /** Wall time of the solve, ms. */
  solveMs: number;
}

const planners = ['ipa', 'fa2-low', 'fa2-high', 'rim', 'fa2', 'greedy', 'random'];
const ipaFamily = new Set(['ipa', 'fa2-low', 'fa2-high', 'rim']);

/** A bundled pipeline by name, with a suggestion for a typo. */
export function resolvePipeline(pipeline: PipelineProfile | string, path = 'pipeline'): PipelineProfile {
  if (typeof pipeline !== 'string') return pipeline;
  if (Object.hasOwn(bundledPipelines, pipeline)) return bundledPipelines[pipeline];
  const names = Object.keys(bundledPipelines);
  const near = closest(pipeline, names);
  return inputError(path, `a bundled pipeline (${names.join(', ')}) or an inline pipeline`, pipeline, near ? `did you mean "${near}"?` : undefined);
}

/**
 * Plans one configuration for a steady load, for notebooks and scripts: runs a planning policy's
 * decision once, at `rps`, with no history (so no predictor is involved).
 *
 * @example
 * const p = await plan('video', { rps: 20, slaMs: 6890 });
 * p.config; // [{ variant: 'yolov5n', batch: 1, replicas: 3 }, { variant: 'resnet18', batch: 4, replicas: 1 }]
 *
 * @throws InputError for a bad load, SLA, policy or option (paths `rps`, `slaMs`, `policy.<option>`).
 */
export async function plan(pipeline: PipelineProfile | string, options: PlanOptions): Promise<PlanResult> {
  const profile = resolvePipeline(pipeline);
  const { rps } = options;
  if (typeof rps !== 'number' || !Number.isFinite(rps) || rps < 0) inputError('rps', 'a number >= 0 (requests/s)', rps);
  const slaMs = options.slaMs ?? profile.slaMs;
  if (typeof slaMs !== 'number' || !Number.isFinite(slaMs) || slaMs <= 0) {
    inputError('slaMs', 'a number > 0 (ms; the pipeline has no slaMs of its own)', slaMs);
  }
  const totalCores = options.totalCores ?? Infinity;
  if (typeof totalCores !== 'number' || !(totalCores > 0)) inputError('totalCores', 'a number > 0', totalCores);
  const maxBatchWaitMs = options.maxBatchWaitMs ?? 1000;
  if (typeof maxBatchWaitMs !== 'number' || !(maxBatchWaitMs >= 0)) inputError('maxBatchWaitMs', 'a number >= 0 (ms)', maxBatchWaitMs);
  const spec = typeof options.policy === 'string' || options.policy === undefined ? { name: options.policy ?? 'ipa' } : { ...options.policy };
  if (!planners.includes(spec.name)) {
    const near = closest(String(spec.name), planners);
    throw new InputError([
      { path: 'policy.name', expected: `a planning policy (${planners.join(', ')})`, received: describeValue(spec.name), hint: near ? `did you mean "${near}"?` : undefined },
    ]);
  }
  if (ipaFamily.has(spec.name)) {
    for (const [k, v] of Object.entries(options.weights ?? {})) if (v !== undefined) (spec as Record<string, unknown>)[k] = v;
    if (options.solver !== undefined) (spec as Record<string, unknown>).solver = options.solver;
  } else if (options.weights !== undefined || options.solver !== undefined) {
    inputError(options.weights !== undefined ? 'weights' : 'solver', `nothing: "${spec.name}" has no objective weights or solver`, options.weights ?? options.solver);
  }
  (spec as Record<string, unknown>).initialRps = rps;
  const policy = (await createPolicy(spec, {
    pipeline: profile,
    slaMs,
    adaptationIntervalS: 10,
    totalCores,
    random: stream(options.seed ?? 0, 'policy'),
    maxBatchWaitMs,
  })) as PlanningPolicy;
  const obs: Observation = {
    timeS: 0,
    arrivalsPerSecond: [],
    config: [],
    stages: profile.stages.map(() => ({ queueLength: 0, readyReplicas: 0, startingReplicas: 0, pendingReplicas: 0 })),
    latencyMs: { mean: NaN, p50: NaN, p99: NaN, count: 0 },
    droppedLastInterval: 0,
    slaMs,
    capacity: { totalCores, usedCores: 0 },
  };
  guardPolicy(policy.name, 0, () => policy.decide(obs));
  const d = policy.lastDecision as DecisionInfo;
  return {
    policy: spec.name,
    config: d.config,
    objective: d.objective,
    accuracy: d.accuracy,
    cores: d.cores,
    latencyMs: d.latencyMs,
    feasible: d.status === 'optimal',
    status: d.status,
    servedRps: d.servedRps,
    solveMs: d.solveMs,
  };
}
