import type { PredictorSpec } from '../../predictors/types.js';
import type { WithinSecondMode } from '../../workload/types.js';
import { plannedLoad } from '../allocation-policy.js';
import { readPredictor } from '../ipa-settings.js';
import { readOptions } from '../options.js';
import { loadGlpk } from '../solvers/glpk.js';
import type { Observation, PipelineConfig, Policy, PolicyFactory } from '../types.js';
import { clusterModel, noFitError, readDeviceList, stagePaths, usableDevices, wallMs } from './cluster-model.js';
import {
  buildEnergyProblem,
  dpEnergySolver,
  glpkEnergySolver,
  planEnergy,
  type EnergyPlan,
  type EnergyPlanStatus,
  type EnergyProblemParams,
  type EnergySolver,
} from './energy-slo-plan.js';
import { arrivalPattern, WITHIN_SECOND_MODES } from './queueing.js';

/** Defaults of the `energy-slo` options. */
export const energySloDefaults = {
  /** The largest per-second load of the last 60 s: the seed names no predictor; a recent peak keeps the SLO through bursts. */
  predictor: { type: 'max', windowS: 60 } as PredictorSpec,
  switchHorizonS: 60,
  solver: 'dp' as 'dp' | 'glpk',
  batchingCap: 8,
  scalingCap: 100,
  latencyMarginPct: 0,
  throughputMarginPct: 0,
  initialRps: 0,
  /** Idle power per replica held (the seed's energy model); `cluster` leaves idle power out. */
  idle: 'allocated' as 'allocated' | 'cluster',
  /** How the workload places a second's requests (a trace's `withinSecond`; `ipa` is the trace default): `ipa` and `step` are planned as bursts. */
  withinSecond: 'ipa' as WithinSecondMode,
};

const optionKeys = ['predictor', 'minAccuracy', 'switchHorizonS', 'solver', 'devices', 'batchingCap', 'scalingCap', 'latencyMarginPct', 'throughputMarginPct', 'initialRps', 'idle', 'withinSecond'] as const;

/** What one `energy-slo` decision saw and chose; for logs, notebooks and tests. */
export interface EnergySloDecision {
  timeS: number;
  /** The predictor's load (requests/s at the entry). */
  predictedRps: number;
  /** The load planned for: the predicted one, or less when it does not fit the cluster (`over-capacity`). */
  plannedRps: number;
  status: EnergyPlanStatus;
  /** Predicted power of the plan, W, and its two parts. */
  powerW: number;
  dynamicW: number;
  idleW: number;
  /** Predicted power of the plan the switching rule was applied to (no stage kept), W. */
  unpinnedPowerW: number;
  /** Planned latency along the longest path (stage p99 + batch wait), ms. */
  latencyMs: number;
  /** Smallest accuracy product over the entry-to-sink paths. */
  accuracy: number;
  /** Names of the stages the switching rule kept on their current variant and device. */
  kept: string[];
  /** Names of the stages whose variant or device changed. */
  switched: string[];
  /** Start-up energy of the switched stages' new replicas, J. */
  startupJ: number;
  /** Wall time of the planning (all solves), ms. */
  solveMs: number;
  config: PipelineConfig;
}

/** The `energy-slo` policy, with its last decision exposed. */
export interface EnergySloPolicy extends Policy {
  readonly lastDecision: EnergySloDecision | undefined;
  decide(observation: Observation): PipelineConfig;
}

/**
 * `energy-slo`: the energy-minimising, SLO-driven planner of seed 003 (serving a pipeline across
 * CPUs, GPUs and FPGAs to minimise energy under SLOs, accounting for each variant's latency, energy
 * and initialisation time on each device). Every adaptation interval, per stage, it picks one
 * (variant, device, batch, replicas) minimising the predicted energy per second of the pipeline:
 *
 *     P = sum_s [ lambda_s / k * e(v, d, k)  +  n_s * idle share of one replica of (v, d) ]
 *
 * with `lambda_s` the stage's predicted load (`stageLoadFactors` on graphs), `k = min(b, 1 +
 * lambda_s W)` the batch that forms under the maximum batch wait `W`, `e` the device profile's
 * dynamic energy per batch (or the node power model's), `n_s` the fewest replicas that sustain
 * `lambda_s`, and a replica's idle share its node's idle power divided by the node's cores (CPU) or
 * accelerator slots (GPU/FPGA nodes). Subject to: along every entry-to-sink path, the sum of stage
 * p99 latency plus batch wait `min((b-1)/lambda_s, W)` is at most the SLA; per device type, the
 * replicas' cores and accelerators fit the type's total, and one replica fits on one node; with
 * `minAccuracy`, every path's accuracy product is at least it.
 *
 * Solved exactly by a Pareto DP over the stages (`solver: "dp"`, default) or a 0-1 program on glpk.js
 * (`"glpk"`, Node only); see `energy-slo-plan.ts`. **Initialisation time**: a stage changes variant
 * or device only if the predicted saving over the next `switchHorizonS` exceeds the energy of
 * starting the new replicas (their idle power during start-up); see `planEnergy`.
 *
 * Options: `predictor` (default `{ "type": "max", "windowS": 60 }`), `minAccuracy` (in (0, 1],
 * none by default), `switchHorizonS` 60, `solver` "dp", `devices` (device types allowed; default
 * all the cluster has), `batchingCap` 8, `scalingCap` 100, `latencyMarginPct` 0,
 * `throughputMarginPct` 0, `initialRps` 0, `idle` "allocated" (`"cluster"`: every node is powered
 * anyway, as the scenario's `energy.idle: "cluster"` says, so idle power and start-up energy are
 * left out and only dynamic power is minimised). Documented in docs/hetero.md.
 *
 * What the seed leaves open and what we chose:
 * - The seed is a thesis topic, not an algorithm: the objective, constraints, solver and switching
 *   rule above are ours.
 * - Idle power is charged per replica (its share of its node's idle power), not per powered node:
 *   the planner assumes resources it does not hold can be powered down or used by others. When every
 *   node stays powered (`energy.idle: "cluster"`), the measured idle energy does not depend on the
 *   plan and only the dynamic part is saved; `idle: "cluster"` plans for that case.
 * - One deployment per stage (no mixing); the SLO uses profiled p99 latencies and the batch-wait
 *   term IPA intended; the load is a per-second rate, so bursts within a second are not seen.
 * - Graphs: the SLO holds on the longest path (exactly, by carrying each open stage's completion
 *   time in the DP, the best per-stage split of the budget); the accuracy floor holds on every path.
 * - Fallbacks: without the floor (`accuracy-relaxed`); the lowest-latency plan within capacity
 *   (`sla-infeasible`); the largest share of the load that fits, by bisection (`over-capacity`).
 */
export const energySloPolicy: PolicyFactory = async (options, context) => {
  const r = readOptions('energy-slo', options, optionKeys);
  const pipeline = context.pipeline;
  const cluster = clusterModel(context);
  const predictor = readPredictor(r, energySloDefaults.predictor);
  const minAccuracy = r.optionalNumber('minAccuracy', { above: 0, max: 1 });
  const switchHorizonS = r.number('switchHorizonS', energySloDefaults.switchHorizonS, { min: 0 });
  const solverName = r.oneOf('solver', ['dp', 'glpk'] as const, energySloDefaults.solver);
  const devices = readDeviceList(r, cluster.devices) ?? cluster.devices;
  const batchingCap = r.number('batchingCap', energySloDefaults.batchingCap, { integer: true, min: 1 });
  const scalingCap = r.number('scalingCap', energySloDefaults.scalingCap, { integer: true, min: 1 });
  const latencyMarginPct = r.number('latencyMarginPct', energySloDefaults.latencyMarginPct, { above: -100 });
  const throughputMarginPct = r.number('throughputMarginPct', energySloDefaults.throughputMarginPct, { above: -100 });
  const initialRps = r.number('initialRps', energySloDefaults.initialRps, { min: 0 });
  const idle = r.oneOf('idle', ['allocated', 'cluster'] as const, energySloDefaults.idle);
  const withinSecond = r.oneOf('withinSecond', WITHIN_SECOND_MODES, energySloDefaults.withinSecond);
  if (!r.failed) {
    pipeline.stages.forEach((st, s) => {
      if (!st.variants.some((v) => usableDevices(v, cluster, devices).length > 0)) {
        r.issue('devices', `device types on which some variant of stage "${st.name}" has a profile and fits on a node (allowed here: ${devices.join(', ')})`, devices, `stage ${s} has no variant to run`);
      }
    });
  }
  if (!r.failed && minAccuracy !== undefined) {
    // The best any plan can reach: the most accurate variants (on a usable device) along the worst path.
    const best = pipeline.stages.map((st) => Math.max(0, ...st.variants.filter((v) => usableDevices(v, cluster, devices).length > 0).map((v) => v.accuracy)));
    const reachable = Math.min(...stagePaths(pipeline).map((p) => p.stages.reduce((a, s) => a * best[s], 1)));
    if (minAccuracy > reachable * (1 + 1e-12)) {
      r.issue('minAccuracy', `at most ${reachable.toPrecision(6)}, the accuracy product of the most accurate variants along the worst path`, minAccuracy, 'no plan could reach it');
    }
  }
  r.finish();
  const solver: EnergySolver = solverName === 'glpk' ? glpkEnergySolver(await loadGlpk()) : dpEnergySolver();
  const base: Omit<EnergyProblemParams, 'lambdaRps'> = {
    pipeline,
    slaMs: context.slaMs,
    cluster,
    devices,
    batchingCap,
    scalingCap,
    latencyMarginPct,
    throughputMarginPct,
    maxBatchWaitMs: context.maxBatchWaitMs,
    minAccuracy: minAccuracy ?? 0,
    chargeIdle: idle === 'allocated',
    arrivals: arrivalPattern(withinSecond),
  };
  const S = pipeline.stages.length;
  let last: EnergySloDecision | undefined;

  const planAt = (lambda: number, current: Observation['config'] | undefined): EnergyPlan | null =>
    planEnergy(buildEnergyProblem({ ...base, lambdaRps: lambda }), solver, current?.map((c) => ({ variant: c.variant, device: c.device ?? 'cpu' })), switchHorizonS);

  const policy: EnergySloPolicy = {
    name: 'energy-slo',
    get lastDecision() {
      return last;
    },
    decide(obs: Observation): PipelineConfig {
      const t0 = wallMs();
      const predicted = plannedLoad(predictor, obs, initialRps);
      const current = obs.config.length === S ? obs.config : undefined;
      let planned = predicted;
      let plan = planAt(predicted, current);
      let status: EnergyPlanStatus | undefined;
      if (!plan) {
        // Over capacity: the largest share of the load some plan fits, by bisection.
        let lo = 0;
        let hi = 1;
        for (let i = 0; i < 20; i++) {
          const mid = (lo + hi) / 2;
          if (planAt(predicted * mid, undefined)) lo = mid;
          else hi = mid;
        }
        planned = predicted * lo;
        plan = planAt(planned, current);
        status = 'over-capacity';
      }
      if (!plan) {
        // Not even one replica per stage fits: keep what runs (the first decision has nothing to keep).
        if (current) return current.map((c) => ({ ...c }));
        throw noFitError('energy-slo', cluster);
      }
      const config: PipelineConfig = plan.options.map((o) => ({ variant: o.variant, batch: o.batch, replicas: o.replicas, device: o.device }));
      const name = (s: number) => pipeline.stages[s].name;
      last = {
        timeS: obs.timeS,
        predictedRps: predicted,
        plannedRps: planned,
        status: status ?? plan.status,
        powerW: plan.evaluation.powerW,
        dynamicW: plan.evaluation.dynamicW,
        idleW: plan.evaluation.idleW,
        unpinnedPowerW: plan.unpinnedPowerW,
        latencyMs: plan.evaluation.latencyMs,
        accuracy: plan.evaluation.accuracy,
        kept: plan.kept.map(name),
        switched: plan.switched.map(name),
        startupJ: plan.startupJ,
        solveMs: wallMs() - t0,
        config,
      };
      return config;
    },
  };
  return policy;
};
