import type { PredictorSpec } from '../../predictors/types.js';
import type { WithinSecondMode } from '../../workload/types.js';
import { plannedLoad } from '../allocation-policy.js';
import { readPredictor } from '../ipa-settings.js';
import { readOptions } from '../options.js';
import { hasVariantBranching } from '../../profiles/graph.js';
import { loadGlpk } from '../solvers/glpk.js';
import type { Observation, PipelineConfig, Policy, PolicyFactory } from '../types.js';
import { clusterModel, noFitError, readDeviceList, usableDevices, wallMs } from './cluster-model.js';
import { exhaustiveLoki } from './loki-exhaustive.js';
import { solveLokiMilp } from './loki-milp.js';
import {
  buildLokiProblem,
  evaluateLoki,
  mostAccurateOnly,
  toLokiConfig,
  withoutLatency,
  type LokiAssignment,
  type LokiPhase,
  type LokiProblem,
  type LokiProblemParams,
} from './loki-model.js';
import { arrivalPattern, WITHIN_SECOND_MODES } from './queueing.js';

/** Defaults of the `loki` options. */
export const lokiDefaults = {
  /** Loki's controller plans for an exponentially weighted moving average of the demand. */
  predictor: { type: 'ewma' } as PredictorSpec,
  deadlineFactor: 2,
  /** Loki's over-provisioning factor `beta` (1 in its configurations). */
  beta: 1,
  batchingCap: 8,
  scalingCap: 100,
  solver: 'milp' as 'milp' | 'exhaustive',
  initialRps: 0,
  /** How the workload places a second's requests (a trace's `withinSecond`; `ipa` is the trace default): `ipa` and `step` are planned as bursts. */
  withinSecond: 'ipa' as WithinSecondMode,
  /** Burst model: the burst planned for is the largest second of this many recent seconds (and at least the prediction). */
  burstWindowS: 60,
};

/** How `loki` routes a stage's tasks across its variants (see `lokiPolicy`). */
export type LokiRouting = 'path' | 'accurate-first';

const optionKeys = ['predictor', 'deadlineFactor', 'beta', 'batchingCap', 'scalingCap', 'devices', 'solver', 'initialRps', 'withinSecond', 'burstWindowS', 'routing'] as const;

/** Which plan a `loki` decision deployed. */
export type LokiPlanKind =
  /** Phase 1 was feasible: the most accurate variants, fewest workers. */
  | 'hardware'
  /** Phase 1 was not: accuracy scaling, all variants, mixed per stage. */
  | 'accuracy'
  /** Neither phase can serve all the load: the largest share of it, then accuracy, then workers. */
  | 'over-capacity'
  /** Not even one replica per stage meets the path latency budget: as `over-capacity` without it. */
  | 'latency-infeasible'
  /** Nothing fits the cluster: the running configuration is kept. */
  | 'keep';

/** What one `loki` decision saw and chose. */
export interface LokiDecision {
  timeS: number;
  predictedRps: number;
  kind: LokiPlanKind;
  /** Replicas in all. */
  workers: number;
  /** Planned traffic-weighted path accuracy (Loki's objective, for the served share). */
  accuracy: number;
  /** Share of the load planned for (predicted x `beta`) the plan can serve (1 unless `over-capacity`). */
  served: number;
  /** Largest planned path latency, ms (at most `SLA / deadlineFactor` unless `latency-infeasible`). */
  pathLatencyMs: number;
  /** Wall time of the planning (all solves), ms. */
  solveMs: number;
  config: PipelineConfig;
}

/** The `loki` policy, with its last decision exposed. */
export interface LokiPolicy extends Policy {
  readonly lastDecision: LokiDecision | undefined;
}

/** A solver of one phase: the MILP or the exhaustive search. */
export type LokiSolver = (problem: LokiProblem, phase: LokiPhase) => LokiAssignment | null;

/**
 * Loki's plan for one load: phase 1 (hardware scaling: the most accurate variants, fewest workers);
 * only if that is infeasible, phase 2 (accuracy scaling); if neither serves all the load, the
 * largest share of it (`over-capacity`), and without the latency budget as a last resort.
 */
export function planLoki(full: LokiProblem, solve: LokiSolver): { kind: LokiPlanKind; problem: LokiProblem; assignment: LokiAssignment } | null {
  const hw = mostAccurateOnly(full);
  let a = solve(hw, 'hardware');
  if (a) return { kind: 'hardware', problem: hw, assignment: a };
  a = solve(full, 'accuracy');
  if (a) return { kind: 'accuracy', problem: full, assignment: a };
  a = solve(full, 'max-served');
  if (a) return { kind: 'over-capacity', problem: full, assignment: a };
  const relaxed = withoutLatency(full);
  a = solve(relaxed, 'max-served');
  return a ? { kind: 'latency-infeasible', problem: relaxed, assignment: a } : null;
}

/**
 * `loki`: Loki's planner (Ahmad, Guan and Sitaraman, HPDC 2024; code UMass-LIDS/Loki,
 * `src/simulator/algorithms/pipeline_ilp.py`). Every adaptation interval, at the predicted load:
 *
 * 1. **Hardware scaling**: only each stage's most accurate variant, on any device type; minimise the
 *    workers (replicas, across devices) that serve every stage's load (`stageLoadFactors` on
 *    graphs) with each path's processing latency within `SLA / deadlineFactor` (Loki: a deadline of
 *    2 x processing latency) and within the cluster.
 * 2. **Accuracy scaling**, only if (1) is infeasible: all variants, mixed per stage (`mix`);
 *    maximise the traffic-weighted path accuracy (product of accuracies along a path) within the
 *    same constraints, then the fewest workers.
 *
 * Both are solved as a MILP on glpk.js (`solveLokiMilp`; Loki used Gurobi), or by exhaustive
 * search for small instances (`solver: "exhaustive"`). The simulator routes most accurate first
 * (free replicas of the most accurate variant take the next batch), as Loki does; run Loki with
 * `serving.earlyDrop: true` for its early dropping.
 *
 * **Routing** (`routing`): `"path"` (the default when the pipeline branches per variant,
 * `byVariant`) plans Loki's path flows with per-variant multiplicative factors (`loki-flow.ts`: the
 * load of a stage depends on which upstream variants served) and deploys them as routing shares per
 * upstream variant (`shares`, `sharesFrom`), which the runtime follows; `"accurate-first"` (the
 * default otherwise) plans per-stage shares of fixed stage loads and lets the runtime's shared
 * queue route most accurate first.
 *
 * Options: `predictor` (default `{ "type": "ewma" }`, half-life 10 s), `deadlineFactor` 2, `beta`
 * 1 (over-provisioning: every stage is planned for `beta` times its predicted load), `batchingCap` 8, `scalingCap` 100, `devices` (default all the cluster has), `solver` "milp",
 * `initialRps` 0, `routing`. Documented in docs/hetero.md.
 *
 * What Loki's paper and code leave out, and what we chose:
 * - Loki's ILP is for a homogeneous cluster ("ILP does not work with heterogeneous cluster"): a
 *   worker is a server. Here a worker is a replica of a (variant, device) deployment, holding its
 *   cores and accelerators; capacity is per device type (and a replica must fit on one node).
 *   Phase 1 ties (equal workers) go to the lower latency sum.
 * - Latency is the profiled mean batch latency (Loki's `batch / throughput`); a stage's latency is
 *   its slowest deployment's, and every path's, not only those carrying traffic, must meet the
 *   budget: the runtime routes each stage independently, so every combination of deployments
 *   carries traffic.
 * - Path flows, `accurate-first`: for given replicas the best path flows fill each stage most
 *   accurate first and pair accurate with accurate (comonotone), which is what the MILP's
 *   continuous part finds; the shared queue's independent routing achieves at most that, so
 *   planned accuracy is an upper bound of what is served. With `path` the runtime routes by the
 *   planned flows, conditioned on the variant that served the task one stage up (exact for two
 *   stages; deeper pipelines keep only the last hop of the path).
 * - Branching: per variant (`byVariant`, Loki's `multFactor`) with `path`; `accurate-first` plans
 *   with each edge's largest factor over the variants (`stageLoadFactors`).
 * - Loki raised an error when both phases were infeasible; we serve the largest share of the load
 *   (`over-capacity`), then drop the latency budget (`latency-infeasible`). Every stage keeps at
 *   least one replica (Loki allocated one server to tasks left without).
 * - Loki's hard-coded demand floor (50 requests/s during warm-up) is not reproduced. Its
 *   over-provisioning factor `beta` multiplies the branching factors (the load of the stages after
 *   the first); ours multiplies every stage's load.
 */
export const lokiPolicy: PolicyFactory = async (options, context) => {
  const r = readOptions('loki', options, optionKeys);
  const pipeline = context.pipeline;
  const cluster = clusterModel(context);
  const predictor = readPredictor(r, lokiDefaults.predictor);
  const deadlineFactor = r.number('deadlineFactor', lokiDefaults.deadlineFactor, { min: 1 });
  const beta = r.number('beta', lokiDefaults.beta, { min: 1 });
  const batchingCap = r.number('batchingCap', lokiDefaults.batchingCap, { integer: true, min: 1 });
  const scalingCap = r.number('scalingCap', lokiDefaults.scalingCap, { integer: true, min: 1 });
  const devices = readDeviceList(r, cluster.devices) ?? cluster.devices;
  const solverName = r.oneOf('solver', ['milp', 'exhaustive'] as const, lokiDefaults.solver);
  const initialRps = r.number('initialRps', lokiDefaults.initialRps, { min: 0 });
  const withinSecond = r.oneOf('withinSecond', WITHIN_SECOND_MODES, lokiDefaults.withinSecond);
  const burstWindowS = r.number('burstWindowS', lokiDefaults.burstWindowS, { integer: true, min: 1 });
  const routing = r.oneOf('routing', ['path', 'accurate-first'] as const, hasVariantBranching(pipeline) ? 'path' : 'accurate-first');
  if (routing === 'path' && solverName === 'exhaustive' && r.value('solver') !== undefined) {
    r.issue('solver', '"milp" with routing "path" (the exhaustive search plans MostAccurateFirst shares only)', 'exhaustive', 'set routing: "accurate-first" to use it');
  }
  if (!r.failed) {
    pipeline.stages.forEach((st, s) => {
      if (!st.variants.some((v) => usableDevices(v, cluster, devices).length > 0)) {
        r.issue('devices', `device types on which some variant of stage "${st.name}" has a profile and fits on a node (allowed here: ${devices.join(', ')})`, devices, `stage ${s} has no variant to run`);
      }
    });
  }
  r.finish();
  const glpk = solverName === 'milp' ? await loadGlpk() : undefined;
  const solve: LokiSolver = glpk ? (p, phase) => solveLokiMilp(glpk, p, phase) : (p, phase) => exhaustiveLoki(p, phase);
  const arrivals = arrivalPattern(withinSecond);
  const base: Omit<LokiProblemParams, 'lambdaRps'> = { pipeline, slaMs: context.slaMs, deadlineFactor, cluster, devices, batchingCap, scalingCap, arrivals, maxBatchWaitMs: context.maxBatchWaitMs, routing };
  const S = pipeline.stages.length;
  let last: LokiDecision | undefined;

  const policy: LokiPolicy = {
    name: 'loki',
    get lastDecision() {
      return last;
    },
    decide(obs: Observation): PipelineConfig | undefined {
      const t0 = wallMs();
      const predicted = plannedLoad(predictor, obs, initialRps);
      // Burst model: the largest recent second (Loki's EWMA smooths it away), at least the prediction.
      const recent = obs.arrivalsPerSecond.slice(-burstWindowS);
      const peak = recent.length ? Math.max(...recent) : 0;
      const burstRequests = arrivals === 'burst' ? Math.max(predicted, peak) * beta : undefined;
      const plan = planLoki(buildLokiProblem({ ...base, lambdaRps: predicted * beta, burstRequests }), solve);
      if (!plan) {
        const current = obs.config.length === S ? obs.config.map((c) => ({ ...c })) : undefined;
        if (!current) throw noFitError('loki', cluster);
        last = { timeS: obs.timeS, predictedRps: predicted, kind: 'keep', workers: NaN, accuracy: NaN, served: 0, pathLatencyMs: NaN, solveMs: wallMs() - t0, config: current };
        return current;
      }
      const e = evaluateLoki(plan.problem, plan.assignment);
      const config = toLokiConfig(plan.problem, plan.assignment);
      last = {
        timeS: obs.timeS,
        predictedRps: predicted,
        kind: plan.kind,
        workers: e.workers,
        accuracy: e.accuracy,
        served: e.served,
        pathLatencyMs: e.pathLatencyMs,
        solveMs: wallMs() - t0,
        config,
      };
      return config;
    },
  };
  return policy;
};
