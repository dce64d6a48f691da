import type { Predictor } from '../predictors/types.js';
import { wallMs } from '../util/wall-clock.js';
import type { IpaSettings } from './ipa-settings.js';
import { problemBuilder, type FixedParams } from './solvers/build.js';
import { evaluate } from './solvers/evaluate.js';
import { fallback } from './solvers/fallback.js';
import { solveAllocation, toConfig, type Allocation, type AllocationStatus } from './solvers/solve.js';
import { dpSolver } from './solvers/dp.js';
import { dpShortcutPlanner } from './solvers/dp-shortcut.js';
import type { AllocationProblem, Solver, StageOption } from './solvers/types.js';
import type { Observation, PipelineConfig, Policy, PolicyContext } from './types.js';

/** What one decision of a planning policy saw and chose; for logs, notebooks and tests. */
export interface DecisionInfo {
  /** Simulated time of the decision, s. */
  timeS: number;
  /** The load planned for, requests/s (the predictor's output, or `initialRps` with no history). */
  predictedRps: number;
  /** `optimal`, or which fallback was used. */
  status: AllocationStatus;
  objective: number;
  /** Planned pipeline accuracy score (the objective's ACC). */
  accuracy: number;
  cores: number;
  /** Planned end-to-end latency (sum of stage SLA terms), ms. */
  latencyMs: number;
  /** The load the configuration sustains, requests/s. */
  servedRps: number;
  /** Wall time spent in the solver (and fallback), ms: the solver-side part of the decision time. */
  solveMs: number;
  config: PipelineConfig;
}

/** A policy that plans with a solver and exposes its last decision. */
export interface PlanningPolicy extends Policy {
  /** The last decision, `undefined` before the first. */
  readonly lastDecision: DecisionInfo | undefined;
}

export { wallMs } from '../util/wall-clock.js';

/** The knobs of the cost-only baselines (FA2's recipe, greedy, random). */
export interface CostKnobs {
  batchingCap: number;
  scalingCap: number;
  latencyMarginPct?: number;
  throughputMarginPct: number;
  frozenVariants?: readonly (string | undefined)[];
}

/**
 * The allocation problems the cost-only baselines plan over: IPA's problem with weights alpha =
 * gamma = 0, beta = 1, so the shared evaluation reports the objective as -cores. The candidate table
 * is built once; each call adds the load-dependent terms for one decision.
 */
export function costProblems(context: PolicyContext, knobs: CostKnobs): (obs: Observation, lambdaRps: number) => AllocationProblem {
  const build = problemBuilder(context.pipeline, {
    slaMs: context.slaMs,
    weights: { alpha: 0, beta: 1, gamma: 0 },
    accuracyMethod: 'sum',
    normalizeAccuracy: false,
    batchingCap: knobs.batchingCap,
    scalingCap: knobs.scalingCap,
    latencyMarginPct: knobs.latencyMarginPct ?? 0,
    throughputMarginPct: knobs.throughputMarginPct,
    maxBatchWaitMs: context.maxBatchWaitMs,
    frozenVariants: knobs.frozenVariants,
  });
  const S = context.pipeline.stages.length;
  return (obs, lambdaRps) => build({ lambdaRps, totalCores: obs.capacity.totalCores, current: currentOf(obs, S) });
}

/**
 * Ends a heuristic decision: picks that are missing or over the cluster's cores give way to the
 * shared fallback (maximum throughput within capacity); returns the configuration and what the
 * decision saw and chose. `servedRps` is the load the picks sustain when they stand.
 */
export function settleDecision(problem: AllocationProblem, picks: StageOption[] | undefined, obs: Observation, lambdaRps: number, servedRps: number, startMs: number): DecisionInfo {
  let status: AllocationStatus = 'optimal';
  if (picks && evaluate(problem, picks).cores > problem.totalCores) picks = undefined;
  if (!picks) {
    const f = fallback(problem);
    picks = f.picks;
    status = f.status;
    servedRps = f.servedRps;
  }
  const e = evaluate(problem, picks);
  const config = toConfig(picks);
  return { timeS: obs.timeS, predictedRps: lambdaRps, status, objective: e.objective, accuracy: e.accuracy, cores: e.cores, latencyMs: e.latencyMs, servedRps, solveMs: wallMs() - startMs, config };
}

/** What a decision solved by a solver saw and chose. */
export function allocationDecision(a: Allocation, obs: Observation, lambdaRps: number): DecisionInfo {
  return { timeS: obs.timeS, predictedRps: lambdaRps, status: a.status, objective: a.objective, accuracy: a.accuracy, cores: a.cores, latencyMs: a.latencyMs, servedRps: a.servedRps, solveMs: a.solveMs, config: a.config };
}

/** The load to plan for: the predictor's output, or `initialRps` before any second was observed. */
export function plannedLoad(predictor: Predictor, obs: Observation, initialRps: number): number {
  if (obs.arrivalsPerSecond.length === 0) return initialRps;
  const p = predictor.predict(obs.arrivalsPerSecond);
  return Number.isFinite(p) && p > 0 ? p : 0;
}

/** The current configuration as the least-change tie-break wants it, if complete. */
export function currentOf(obs: Observation, stages: number): { variant: string; batch: number }[] | undefined {
  return obs.config.length === stages ? obs.config.map((c) => ({ variant: c.variant, batch: c.batch })) : undefined;
}

/**
 * The load-independent parameters of an IPA-family policy's allocation problems, from its settings
 * and context (what its {@link problemBuilder} fixes once), with the knobs a baseline freezes.
 */
export function ipaProblemParams(
  settings: IpaSettings,
  context: PolicyContext,
  frozen: { variants?: readonly (string | undefined)[]; replicas?: readonly (number | undefined)[] } = {},
): FixedParams {
  return {
    slaMs: context.slaMs,
    weights: settings.weights,
    accuracyMethod: settings.accuracyMethod,
    normalizeAccuracy: settings.normalizeAccuracy,
    batchingCap: settings.batchingCap,
    scalingCap: settings.scalingCap,
    latencyMarginPct: settings.latencyMarginPct,
    throughputMarginPct: settings.throughputMarginPct,
    throughputCapRps: settings.throughputCapRps,
    maxBatchWaitMs: context.maxBatchWaitMs,
    batchWaitTerm: settings.batchWaitTerm,
    frozenVariants: frozen.variants,
    frozenReplicas: frozen.replicas,
  };
}

/**
 * The decision loop shared by IPA and the baselines IPA ran as modes of its own program (FA2-low,
 * FA2-high, RIM): predict the load, build the allocation problem (with the frozen knobs), solve it,
 * fall back when infeasible. The capacity is the cluster's cores as observed.
 */
export function planningPolicy(
  name: string,
  settings: IpaSettings,
  solver: Solver,
  context: PolicyContext,
  frozen: { variants?: readonly (string | undefined)[]; replicas?: readonly (number | undefined)[] } = {},
): PlanningPolicy {
  let last: DecisionInfo | undefined;
  const S = context.pipeline.stages.length;
  const params = ipaProblemParams(settings, context, frozen);
  const build = problemBuilder(context.pipeline, params);
  // With dp, a decision with a clear optimum (nearly all of IPA's) is taken from the candidate table
  // without building the problem: the same allocation (see dpShortcutPlanner).
  const shortcut = solver === dpSolver ? dpShortcutPlanner(context.pipeline, params) : undefined;
  return {
    name,
    get lastDecision() {
      return last;
    },
    decide(obs: Observation): PipelineConfig {
      const lambdaRps = plannedLoad(settings.predictor, obs, settings.initialRps);
      const totalCores = obs.capacity.totalCores;
      // The current configuration only breaks ties, which a clear optimum has none of: the shortcut
      // goes without it.
      const a = shortcut?.({ lambdaRps, totalCores }) ?? solveAllocation(build({ lambdaRps, totalCores, current: currentOf(obs, S) }), solver);
      last = allocationDecision(a, obs, lambdaRps);
      return a.config;
    },
  };
}
