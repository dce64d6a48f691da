import { wallMs } from '../../util/wall-clock.js';
import { hasDevice } from '../../profiles/device.js';
import { readDeviceList } from './cluster-model.js';
import type { WithinSecondMode } from '../../workload/types.js';
import { mostAccurateVariant, readVariantList } from '../frozen-knobs.js';
import { readOptions, type OptionReader } from '../options.js';
import type { Observation, PipelineConfig, Policy, PolicyContext, PolicyFactory } from '../types.js';
import type { SampleEstimatorInput } from './inferline-estimator.js';
import { envelopeRatio, trafficEnvelope } from './inferline-envelope.js';
import { burstTopUp, risingPeak } from './inferline-burst.js';
import { heldStages, startTransition, transitionDone, type Transition } from './inferline-transition.js';
import { arrivalPattern, WITHIN_SECOND_MODES } from './queueing.js';
import { fitsCluster, planInferLine, replicaPrice, toPipelineConfig, type InferLinePlan, type InferLinePlanStatus, type InferLineStage } from './inferline-planner.js';

/**
 * Default prices, relative to one CPU core (`cpu`: per core; other devices: per accelerator slot).
 * Illustrative public-cloud list-price ratios (us-east-1, on demand): a c5.xlarge (4 vCPU) at about
 * $0.17/h puts a vCPU at about $0.043/h; a g4dn.xlarge (1 T4, 4 vCPU) at about $0.53/h leaves about
 * $0.36/h, 8 cores, for the GPU; an f1.2xlarge (1 FPGA, 8 vCPU) at about $1.65/h leaves about $1.31/h,
 * 30 cores, for the FPGA. Any other accelerator type defaults to the GPU's price.
 */
export const INFERLINE_DEFAULT_PRICES: Readonly<Record<string, number>> = Object.freeze({ cpu: 1, gpu: 8, fpga: 30 });

/** Defaults of the `inferline` options. */
export const inferlineDefaults = {
  batchingCap: 8,
  scalingCap: 100,
  sampleS: 60,
  replanIntervalS: 300,
  maxEstimates: 150,
  quantile: 0.99,
  initialRps: 0,
  tuner: true,
  scaleDownDelayS: 60,
  withinSecond: 'ipa' as WithinSecondMode,
  /** The tuner also adds replicas until the longest path drains the last 60 s's largest second within the SLO, when `withinSecond` sends bursts (`inferline-burst.ts`). */
  tuneBursts: true,
  /**
   * When a plan moves stages to other hardware (or variants), the other stages keep their old
   * deployment until the moved stages' new replicas are ready (`inferline-transition.ts`).
   */
  holdTransitions: true,
};


const optionKeys = ['variants', 'devices', 'prices', 'batchingCap', 'scalingCap', 'sampleS', 'replanIntervalS', 'maxEstimates', 'quantile', 'initialRps', 'tuner', 'scaleDownDelayS', 'withinSecond', 'tuneBursts', 'holdTransitions'] as const;

/** What one `inferline` decision did; for logs, notebooks and tests. */
export interface InferLineDecision {
  timeS: number;
  /**
   * `plan`: the planner ran; `scale-up` / `scale-down`: the tuner changed replicas; `transition`: the
   * stages a plan held at their old deployment while others moved to new hardware take the plan's
   * (see `holdTransitions`); `keep`: nothing changed.
   */
  kind: 'plan' | 'scale-up' | 'scale-down' | 'transition' | 'keep';
  /** Stages held at their old deployment while a plan's new hardware starts (empty when none). */
  held: number[];
  /** The plan in force after this decision. */
  planStatus: InferLinePlanStatus;
  /** Price of the configuration (see `INFERLINE_DEFAULT_PRICES`). */
  cost: number;
  /** Estimator simulations of this decision's plan (0 for tuner decisions). */
  estimates: number;
  /** Observed over planned envelope, max over windows (tuner decisions; NaN for plans). */
  envelopeRatio: number;
  /** Wall time of the planner, ms (0 for tuner decisions). */
  planMs: number;
  config: PipelineConfig;
}

/** The `inferline` policy, with its last decision and plan exposed. */
export interface InferLinePolicy extends Policy {
  readonly lastDecision: InferLineDecision | undefined;
  /** The plan in force (`undefined` before the first decision). */
  readonly plan: (InferLinePlan & { timeS: number; envelope: number[]; sample: number[]; full: boolean }) | undefined;
}


/** Device types of the cluster (`cpu` only when the simulator did not say). */
function clusterDevices(context: PolicyContext): string[] {
  return context.nodes ? [...new Set(context.nodes.map((n) => n.device))] : ['cpu'];
}

function readPrices(r: OptionReader): Record<string, number> {
  const v = r.value('prices');
  if (v === undefined) return { ...INFERLINE_DEFAULT_PRICES };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    r.issue('prices', 'an object of prices by device type, e.g. { "cpu": 1, "gpu": 8 } (cpu: per core; others: per accelerator slot)', v);
    return { ...INFERLINE_DEFAULT_PRICES };
  }
  const out: Record<string, number> = { ...INFERLINE_DEFAULT_PRICES };
  for (const [k, p] of Object.entries(v)) {
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0) r.issue(`prices.${k}`, 'a number >= 0', p);
    else out[k] = p;
  }
  return out;
}

/**
 * `inferline`: InferLine (Crankshaw et al., "InferLine: latency-aware provisioning and scaling for
 * prediction serving pipelines", SoCC 2020): a low-frequency planner that picks hardware, batch size
 * and replicas per stage by simulation-checked greedy search, and a high-frequency tuner that scales
 * replicas when the traffic envelope outgrows the one planned for.
 *
 * **Planner** (`planInferLine`), run at t = 0, every `replanIntervalS`, once `sampleS` seconds
 * have been observed if the last plan had a shorter sample, and as soon as traffic appears after a
 * plan that saw none: start every stage at batch 1, one replica, on its best hardware; while
 * the simulated `quantile` latency over the sample exceeds the SLO, add a replica to the bottleneck;
 * then greedily apply the cheapest feasible of {increase batch, remove replica, downgrade hardware}.
 * The sample is the last `sampleS` seconds of observed arrivals (at t = 0: `initialRps` for
 * `sampleS` seconds); the Estimator is infersim's own simulator on that sample
 * (`sampleEstimator` in `inferline-estimator.ts`, loaded on first use), at most `maxEstimates` simulations per plan.
 *
 * **Tuner**, at every other decision: the traffic envelope (highest rate over windows of 1, 2, 4,
 * ..., 32 and 60 s) of the last 60 s against the plan's sample envelope. If some window's rate
 * exceeds the planned one, every stage is scaled to `ceil(planned replicas x f)` with `f` the largest
 * observed/planned ratio (never below its current count), within the cluster. Scaling down is
 * conservative: only once no window has exceeded the plan for `scaleDownDelayS`, one replica per
 * stage per decision, and never below the plan; the next plan may go lower.
 *
 * Options: `variants` (one per stage; default the most accurate of each), `devices` (device types
 * allowed; default all the cluster has), `prices` (`cpu` per core, others per accelerator slot;
 * defaults `INFERLINE_DEFAULT_PRICES`), `batchingCap` 8, `scalingCap` 100, `sampleS` 60,
 * `replanIntervalS` 300, `maxEstimates` 150, `quantile` 0.99, `initialRps` 0, `tuner` true,
 * `scaleDownDelayS` 60, `withinSecond` "ipa" (how the Estimator spreads a second's arrivals: set it
 * to the scenario workload's mode), `tuneBursts` true (size for the recent peak second's burst, and
 * on a scale-up for its growth over the last interval: `risingPeak`), `holdTransitions` true (a plan
 * that moves stages to other hardware holds the stages it shrinks until the moved ones are ready:
 * `inferline-transition.ts`). Documented in docs/hetero.md.
 *
 * What the paper leaves open and what we chose:
 * - InferLine has one model per stage: the variant is fixed (`variants`, default the most accurate).
 * - Cost is a price per replica: its host cores at the core price plus its accelerator slots at the
 *   device's price (cloud list-price ratios by default; the paper used instance prices).
 * - "Best hardware" is the device with the lowest batch-1 latency; "downgrade" moves to the next
 *   cheaper device type, keeping the batch where profiled; increase batch steps through profiled
 *   sizes (the paper steps by one). Both re-size the stage's replicas (the fewest that keep up with
 *   the sample's mean load, one more at a time while the SLO is missed and the cost does not grow):
 *   without it the greedy, comparing immediate costs, prefers a downgrade to many CPU replicas over
 *   a batch increase that would have let it drop accelerator replicas.
 * - Configurations whose capacity is at or below the sample's mean load are rejected without a
 *   simulation (a short sample can hide a queue that grows without bound).
 * - The Estimator is a full simulation of our serving model (queues, batching with the maximum
 *   wait, start-up irrelevant as the candidate is deployed warm), with profiled mean service times;
 *   a candidate is feasible when at most `1 - quantile` of the sample's requests miss the SLO.
 *   Capacity: candidates that do not fit the cluster (first-fit decreasing per device type) are
 *   skipped; when the bottleneck cannot grow the plan is `infeasible` and deployed anyway.
 * - The paper's tuner sizes replicas from the envelope with each model's maximum provisioning ratio;
 *   scaling each stage's planned capacity by the envelope ratio is the same rule written with the
 *   plan's own replicas. The scale-down delay and one-replica steps are our conservative choice.
 * - Re-planning period and sample length are not given by the paper; re-planning restarts from the
 *   best hardware, so a re-plan may change devices (paying their start-up).
 */
export const inferlinePolicy: PolicyFactory = async (options, context) => {
  const r = readOptions('inferline', options, optionKeys);
  const pipeline = context.pipeline;
  const available = clusterDevices(context);
  const variants = readVariantList(r, 'variants', pipeline) ?? pipeline.stages.map(mostAccurateVariant);
  const allowed = readDeviceList(r, available) ?? available;
  const prices = readPrices(r);
  const batchingCap = r.number('batchingCap', inferlineDefaults.batchingCap, { integer: true, min: 1 });
  const scalingCap = r.number('scalingCap', inferlineDefaults.scalingCap, { integer: true, min: 1 });
  const sampleS = r.number('sampleS', inferlineDefaults.sampleS, { integer: true, min: 1, max: 3600 });
  const replanIntervalS = r.number('replanIntervalS', inferlineDefaults.replanIntervalS, { above: 0 });
  const maxEstimates = r.number('maxEstimates', inferlineDefaults.maxEstimates, { integer: true, min: 1 });
  const quantile = r.number('quantile', inferlineDefaults.quantile, { above: 0, max: 1 });
  const initialRps = r.number('initialRps', inferlineDefaults.initialRps, { min: 0 });
  const tuner = r.boolean('tuner', inferlineDefaults.tuner);
  const scaleDownDelayS = r.number('scaleDownDelayS', inferlineDefaults.scaleDownDelayS, { min: 0 });
  const withinSecond = r.oneOf('withinSecond', WITHIN_SECOND_MODES, inferlineDefaults.withinSecond);
  const tuneBursts = r.boolean('tuneBursts', inferlineDefaults.tuneBursts);
  const holdTransitions = r.boolean('holdTransitions', inferlineDefaults.holdTransitions);
  const devices = variants.map((name, i) => {
    const v = pipeline.stages[i].variants.find((x) => x.name === name)!;
    return allowed.filter((d) => hasDevice(v, d));
  });
  devices.forEach((ds, i) => {
    if (!r.failed && ds.length === 0) r.issue(options.variants !== undefined ? `variants[${i}]` : 'devices', `a variant of stage "${pipeline.stages[i].name}" with a profile for a device type allowed here (${allowed.join(', ')})`, variants[i]);
  });
  r.finish();
  // The estimator simulates with src/sim, which imports the policy registry: loaded here, lazily,
  // rather than at module load, to keep the module graph acyclic.
  const { sampleEstimator } = await import('./inferline-estimator.js');
  const seed = Math.floor(context.random() * 2 ** 31);
  // The tuner sizes for the burst of a second's requests when the workload sends them together.
  const burst = tuneBursts && arrivalPattern(withinSecond) === 'burst';
  // Set when the tuner could not hold the recent peak's burst: re-plan at the next decision, at
  // most once per `minReplanS` seconds.
  let replanNext = false;
  const minReplanS = 30;
  const recentPeak = (history: readonly number[]) => Math.max(0, ...history.slice(-60));
  const interval = Math.max(1, Math.round(context.adaptationIntervalS));

  const defaultAcceleratorPrice = prices.gpu ?? INFERLINE_DEFAULT_PRICES.gpu;
  const makePlan = (sample: number[], timeS: number, full: boolean) => {
    const input: SampleEstimatorInput = { pipeline, slaMs: context.slaMs, sample, withinSecond, nodes: context.nodes, maxBatchWaitMs: context.maxBatchWaitMs, seed, quantile };
    const { estimator } = sampleEstimator(input);
    const p = planInferLine({
      pipeline,
      slaMs: context.slaMs,
      variants,
      devices,
      prices,
      defaultAcceleratorPrice,
      loadRps: sample.length ? sample.reduce((a, b) => a + b, 0) / sample.length : 0,
      batchingCap,
      scalingCap,
      maxEstimates,
      nodes: context.nodes,
      estimator,
    });
    return { ...p, timeS, sample, full, envelope: trafficEnvelope(sample) };
  };

  let plan: InferLinePolicy['plan'];
  let current: InferLineStage[] = [];
  // What is deployed (`current`, with held stages at their old deployment during a transition).
  let deployed: InferLineStage[] = [];
  let transition: Transition | undefined;
  let last: InferLineDecision | undefined;
  let lastExceededS = -Infinity;
  const costOf = (st: readonly InferLineStage[]) =>
    st.reduce((a, s, i) => a + s.replicas * replicaPrice(pipeline.stages[i].variants.find((v) => v.name === s.variant)!, s.device, prices, defaultAcceleratorPrice), 0);

  const policy: InferLinePolicy = {
    name: 'inferline',
    get lastDecision() {
      return last;
    },
    get plan() {
      return plan;
    },
    decide(obs: Observation): PipelineConfig | undefined {
      const history = obs.arrivalsPerSecond;
      const firstFullSample = plan !== undefined && !plan.full && history.length >= sampleS;
      const unplannedTraffic = plan !== undefined && plan.envelope.every((x) => x === 0) && history.slice(-sampleS).some((x) => x > 0);
      const outgrown = replanNext && plan !== undefined && obs.timeS - plan.timeS >= minReplanS;
      if (plan === undefined || obs.timeS - plan.timeS >= replanIntervalS || firstFullSample || unplannedTraffic || outgrown) {
        replanNext = false;
        const t0 = wallMs();
        const sample = history.length > 0 ? history.slice(-sampleS) : new Array<number>(sampleS).fill(initialRps);
        // A sample made up at t = 0 counts as full: no re-plan just for having seen sampleS seconds.
        plan = makePlan(sample, obs.timeS, history.length === 0 || sample.length >= sampleS);
        // The plan meets the SLO on its sample at the quantile; topped up to drain the sample's peak second too.
        current = burst ? burstTopUp(pipeline, plan.stages, recentPeak(sample), context.slaMs, context.maxBatchWaitMs, scalingCap, context.nodes).stages : plan.stages.map((s) => ({ ...s }));
        lastExceededS = -Infinity;
        transition = holdTransitions && deployed.length ? startTransition(deployed, current) : undefined;
        deployed = transition ? heldStages(transition, current) : current.map((s) => ({ ...s }));
        last = { timeS: obs.timeS, kind: 'plan', planStatus: plan.status, cost: plan.cost, estimates: plan.estimates, envelopeRatio: NaN, planMs: wallMs() - t0, config: toPipelineConfig(deployed), held: transition?.held ?? [] };
        return last.config;
      }
      let kind: InferLineDecision['kind'] = 'keep';
      let f = NaN;
      if (tuner) {
        f = envelopeRatio(trafficEnvelope(history.slice(-60)), plan.envelope);
        if (f > 1) {
          lastExceededS = obs.timeS;
          const next = current.map((s) => ({ ...s }));
          plan.stages.forEach((p, i) => {
            const target = Math.min(scalingCap, Math.max(current[i].replicas, Math.ceil(p.replicas * f - 1e-9)));
            while (next[i].replicas < target) {
              next[i].replicas++;
              if (!fitsCluster(pipeline, next, context.nodes)) {
                next[i].replicas--;
                break;
              }
            }
          });
          const topped = burst ? burstTopUp(pipeline, next, risingPeak(history, interval), context.slaMs, context.maxBatchWaitMs, scalingCap, context.nodes) : { stages: next, met: true };
          if (topped.stages.some((s, i) => s.replicas !== current[i].replicas)) kind = 'scale-up';
          current = topped.stages;
          // The plan's hardware cannot hold the recent peak's burst: the planner may move stages.
          if (!topped.met) replanNext = true;
        } else if (obs.timeS - lastExceededS >= scaleDownDelayS) {
          // One replica fewer per stage, never below the plan nor below what the recent peak's burst needs.
          const floor = burst ? burstTopUp(pipeline, plan.stages, recentPeak(history), context.slaMs, context.maxBatchWaitMs, scalingCap, context.nodes).stages : plan.stages;
          const next = current.map((s, i) => ({ ...s, replicas: Math.max(floor[i].replicas, s.replicas - 1) }));
          if (next.some((s, i) => s.replicas !== current[i].replicas)) kind = 'scale-down';
          current = next;
        }
      }
      // A transition ends once the moved stages have no replica starting (new ones waiting for
      // resources are not waited for: the held stages may be what they wait for).
      if (transition && transitionDone(transition, obs)) {
        transition = undefined;
        if (kind === 'keep') kind = 'transition';
      }
      const next = transition ? heldStages(transition, current) : current.map((s) => ({ ...s }));
      deployed = next;
      last = { timeS: obs.timeS, kind, planStatus: plan.status, cost: costOf(current), estimates: 0, envelopeRatio: f, planMs: 0, config: toPipelineConfig(deployed), held: transition?.held ?? [] };
      return kind === 'keep' ? undefined : last.config;
    },
  };
  return policy;
};
