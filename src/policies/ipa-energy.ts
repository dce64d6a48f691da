import { REFERENCE_NODE_POWER, validateNodePowerSpec, type NodePowerSpec } from '../energy/power-model.js';
import { InputError } from '../errors.js';
import type { PipelineProfile } from '../profiles/types.js';
import { allocationDecision, currentOf, ipaProblemParams, plannedLoad, type DecisionInfo, type PlanningPolicy } from './allocation-policy.js';
import { ipaOptionKeys, readIpaSettings } from './ipa-settings.js';
import { readOptions, type OptionReader } from './options.js';
import { dynamicStagePowerW, problemBuilder, type LoadParams, type PowerPrediction } from './solvers/build.js';
import { createSolver } from './solvers/create-solver.js';
import { solveAllocation } from './solvers/solve.js';
import type { AllocationProblem } from './solvers/types.js';
import type { Observation, PipelineConfig, PolicyContext, PolicyFactory, StageDeployment } from './types.js';

/** Options of `ipa-energy` beyond IPA's own (see {@link ipaOptionKeys}). */
export const ipaEnergyOptionKeys = [...ipaOptionKeys, 'delta', 'carbonAware', 'replanThresholdPct', 'idle', 'node'] as const;

/**
 * Defaults of `ipa-energy`'s own options.
 *
 * - `delta` 0.02 per W (power mode): one core held and busy on the reference node (1.25 W idle share
 *   + 5.625 W dynamic) then weighs 0.14 on top of IPA's `beta = 1` per core. Enough to prefer
 *   batching and lighter variants where IPA's accuracy gain is small, not enough to override
 *   it everywhere (see docs/policies.md for the trade-off it buys on the video pipeline).
 * - `deltaCarbon` 1e-4 per (W x gCO2/kWh) (carbon mode): the same weight as `delta` at 200 gCO2/kWh
 *   and PUE 1, a typical European grid mean; cleaner hours weigh power less, dirtier ones more.
 * - `replanThresholdPct` 5: Clover re-optimises when intensity x PUE moves by more than 5%.
 */
export const ipaEnergyDefaults = {
  delta: 0.02,
  deltaCarbon: 1e-4,
  replanThresholdPct: 5,
};

/** Who draws idle power, as the scenario's `energy.idle` says (docs/energy.md). */
export type IdleAccounting = 'allocated' | 'cluster';

/** One decision of `ipa-energy`: IPA's report plus the power term it used. */
export interface EnergyDecisionInfo extends DecisionInfo {
  /**
   * Predicted power of the chosen configuration at the planned load, W: the idle share of the cores
   * held (under `allocated` idle) plus dynamic power; see {@link predictedPowerW}.
   */
  powerW: number;
  /** The weight of power in this plan's objective: `delta`, or `delta x intensity x PUE` in carbon mode. */
  weight: number;
  /** Carbon mode: grid intensity x PUE (gCO2/kWh) the plan was made at. */
  carbonFactor?: number;
}

/** The `ipa-energy` policy object: a planning policy that also counts the decisions it skipped. */
export interface EnergyPlanningPolicy extends PlanningPolicy {
  /** The last plan (a decision that kept the previous plan does not replace it). */
  readonly lastDecision: EnergyDecisionInfo | undefined;
  /** Decisions that solved the program. */
  readonly plans: number;
  /** Decisions that kept the last plan (carbon mode: neither the load nor intensity x PUE moved enough). */
  readonly kept: number;
  /** Always a configuration: a kept plan is returned again rather than `undefined`. */
  decide(observation: Observation): PipelineConfig;
}

/**
 * Predicted power in W of a configuration at `lambdaRps` requests/s, by the formula the energy term
 * of `ipa-energy` optimises (see `PowerPrediction` in `solvers/build.ts`): per stage, the idle share
 * of the cores its replicas hold plus the dynamic power of serving the load with its variant and
 * batch size. Stage `mix` deployments are not counted (IPA's program plans one variant per stage).
 */
export function predictedPowerW(
  pipeline: PipelineProfile,
  config: readonly StageDeployment[],
  lambdaRps: number,
  power: PowerPrediction,
  maxBatchWaitMs?: number,
): number {
  let w = 0;
  config.forEach((c, s) => {
    const v = pipeline.stages[s].variants.find((x) => x.name === c.variant);
    if (!v) throw new Error(`predictedPowerW: stage ${s} has no variant "${c.variant}"`);
    w += c.replicas * v.cores * power.idleWPerCore + dynamicStagePowerW(v, c.batch, lambdaRps, power.node, maxBatchWaitMs);
  });
  return w;
}

/** `true` when `x` differs from `ref` by more than `pct` percent of `ref` (any change from 0). */
export function movedMoreThan(x: number, ref: number, pct: number): boolean {
  return ref === 0 ? x !== 0 : Math.abs(x - ref) > (Math.abs(ref) * pct) / 100;
}

/**
 * The node power model and idle accounting `ipa-energy` predicts with, from its options and the
 * context. Defaults are the scenario's own (`context.energy`, filled by the simulator): its
 * `energy.idle` (`cluster`: every node powered, so idle power does not depend on the plan;
 * `allocated`: `idleW / cores` per allocated core), and the power model of the cluster's first CPU
 * node, else the scenario's `energy.node` (the reference node, `REFERENCE_NODE_POWER`, by default).
 * The `idle` and `node` options override them.
 */
export function readPowerPrediction(r: OptionReader, context: PolicyContext): PowerPrediction {
  const bounded = (context.nodePower?.length ?? 0) > 0;
  const idle = r.oneOf<IdleAccounting>('idle', ['allocated', 'cluster'], context.energy?.idle ?? (bounded ? 'cluster' : 'allocated'));
  const cpu = context.nodes?.findIndex((n) => n.device === 'cpu') ?? -1;
  const base: NodePowerSpec = (cpu >= 0 ? context.nodePower?.[cpu] : undefined) ?? { ...(context.energy?.node ?? REFERENCE_NODE_POWER) };
  let node = base;
  const given = r.value('node');
  if (given !== undefined) {
    try {
      // A partial model overrides the default's fields, as the scenario's `energy.node` does.
      node = validateNodePowerSpec(typeof given === 'object' && given !== null && !Array.isArray(given) ? { ...base, ...given } : given, 'node');
    } catch (err) {
      r.adopt(err);
    }
  }
  return { idleWPerCore: idle === 'allocated' ? node.idleW / node.cores : 0, node };
}

/**
 * `ipa-energy`: IPA's integer program (`ipa`, same options and defaults) with a power term,
 * the energy-aware IPA of the project's seed 000:
 *
 *     maximise  alpha * ACC - beta * sum_s c(v_s) n_s - gamma * sum_s b_s - w * P
 *
 * where `P` is the configuration's predicted power in W at the predicted load (per stage: the idle
 * share of the cores held plus the profile's dynamic energy per batch times batches per second; see
 * {@link predictedPowerW}), under the same constraints. Both exact solvers (`dp`, `glpk`) take the
 * term as part of each option's value, so they still agree.
 *
 * - Power mode (default): `w = delta` (default 0.02 per W), re-planning every interval as IPA does.
 * - Carbon mode (`carbonAware: true`, Clover-style): `w = delta x intensity x PUE` from the
 *   observation (`carbonIntensity`, `pue`; the scenario needs `energy.carbon`), so the objective
 *   weighs the carbon rate (`P x I x PUE / 1000` g/h) rather than power; `delta` defaults to 1e-4.
 *   The policy re-plans only when intensity x PUE moved more than `replanThresholdPct` (5%) since
 *   the last plan, when the predicted load differs from the last plan's (IPA would re-plan then),
 *   or when the cluster's cores changed; otherwise it keeps the last plan (counted in `kept`).
 *
 * Extra options: `delta` (>= 0), `carbonAware` (false), `replanThresholdPct` (5), `idle`
 * (`"allocated"` | `"cluster"`: match the scenario's `energy.idle`; default as the simulator's) and
 * `node` (a node power model `{ idleW, maxW, curve, cores }`, fields default to the cluster's CPU
 * node or the reference node: match the scenario's `energy.node`).
 */
export const ipaEnergyPolicy: PolicyFactory = async (options, context) => {
  const r = readOptions('ipa-energy', options, ipaEnergyOptionKeys);
  const settings = readIpaSettings(r, context);
  const carbonAware = r.boolean('carbonAware', false);
  const delta = r.number('delta', carbonAware ? ipaEnergyDefaults.deltaCarbon : ipaEnergyDefaults.delta, { min: 0 });
  const threshold = r.number('replanThresholdPct', ipaEnergyDefaults.replanThresholdPct, { min: 0 });
  const power = readPowerPrediction(r, context);
  r.finish();
  const solver = await createSolver(settings.solver);
  const S = context.pipeline.stages.length;

  // The candidate tables, built once. The table depends on the power weight only through whether
  // it is positive (power is predicted for the options then); its value (which carbon mode changes
  // every decision) only enters the problem's weights, set per decision.
  const params = { ...ipaProblemParams(settings, context), power };
  const builders = new Map<boolean, (load: LoadParams) => AllocationProblem>();
  const builderFor = (weight: number) => {
    const withPower = weight > 0;
    let b = builders.get(withPower);
    if (!b) builders.set(withPower, (b = problemBuilder(context.pipeline, { ...params, weights: { ...settings.weights, delta: withPower ? 1 : 0 } })));
    return b;
  };

  let last: EnergyDecisionInfo | undefined;
  let lastCores = NaN;
  let plans = 0;
  let kept = 0;
  const policy: EnergyPlanningPolicy = {
    name: 'ipa-energy',
    get lastDecision() {
      return last;
    },
    get plans() {
      return plans;
    },
    get kept() {
      return kept;
    },
    decide(obs: Observation): PipelineConfig {
      const lambdaRps = plannedLoad(settings.predictor, obs, settings.initialRps);
      let weight = delta;
      let carbonFactor: number | undefined;
      if (carbonAware) {
        if (obs.carbonIntensity === undefined) {
          throw new InputError([
            {
              path: 'policy.carbonAware',
              expected: 'a scenario with "energy.carbon" (the observation carries no carbon intensity), or false',
              received: 'true',
            },
          ]);
        }
        carbonFactor = obs.carbonIntensity * (obs.pue ?? 1);
        // Clover's hysteresis: a small move of the intensity alone is not worth a reconfiguration
        // (each one starts replicas and drains others); a new load always is, as in IPA.
        if (
          last !== undefined &&
          lambdaRps === last.predictedRps &&
          obs.capacity.totalCores === lastCores &&
          !movedMoreThan(carbonFactor, last.carbonFactor!, threshold)
        ) {
          kept++;
          return last.config.map((c) => ({ ...c }));
        }
        weight = delta * carbonFactor;
      }
      const problem = builderFor(weight)({ lambdaRps, totalCores: obs.capacity.totalCores, current: currentOf(obs, S) });
      problem.weights = { ...settings.weights, delta: weight };
      const a = solveAllocation(problem, solver);
      plans++;
      lastCores = obs.capacity.totalCores;
      last = {
        ...allocationDecision(a, obs, lambdaRps),
        // Computed from the configuration, not the solver's sum, so it is reported even when the
        // weight is 0 (the program then skips the power term).
        powerW: predictedPowerW(context.pipeline, a.config, lambdaRps, power, context.maxBatchWaitMs),
        weight,
        carbonFactor,
      };
      return a.config.map((c) => ({ ...c }));
    },
  };
  return policy;
};
