import { InputError } from '../../errors.js';
import { createPredictor } from '../../predictors/create.js';
import type { Predictor, PredictorSpec } from '../../predictors/types.js';
import type { PipelineProfile } from '../../profiles/types.js';
import { throughputRps } from '../../profiles/variant.js';
import { rankNormalisedAccuracies } from '../solvers/build.js';
import { combineAccuracy } from '../solvers/evaluate.js';
import type { Observation, StageConfig } from '../types.js';
import { variantFigures, type ActionLayout } from './layout.js';

/**
 * How observations become a learner's input vector. Saved with a trained policy: the same spec
 * must turn the same observation into the same features at training and at deployment.
 */
export interface FeatureSpec {
  /** Loads (requests/s) are divided by this; default: the training workload's peak, rounded up. */
  loadScale: number;
  /** Cores are divided by this when the cluster is unbounded; default the largest configuration's cores. */
  coreScale: number;
  /** The predicted-load feature's predictor (OPD: IPA's LSTM); name or spec. */
  predictor: PredictorSpec | string;
  /** Seconds of arrivals averaged into the "current load" feature: the adaptation interval. */
  intervalS: number;
  /** The SLA latencies are divided by, ms. */
  slaMs: number;
  /** Cores of the cluster (Infinity: unbounded). */
  totalCores: number;
  /**
   * Add our features to OPD's state (load change, observed p99 and drops, one-hot variant and batch,
   * stage headroom, queue, readiness, and per variant the replicas the predicted load needs).
   * Environments write `false` (OPD's state only) unless asked; a spec without the field (a model
   * saved before the option existed) means `true`, the features it was trained with.
   */
  extras?: boolean;
}

/** A compiled featuriser: labels, size, and the map from an observation to features. */
export interface Featurizer {
  readonly size: number;
  /** One short name per feature, for the observation space's description. */
  readonly labels: readonly string[];
  /** The feature vector of `obs` (a fresh array). */
  features(obs: Observation): Float64Array;
  /** The predictor's load forecast for the last observation passed to {@link features}, requests/s. */
  readonly lastPredictedRps: number;
}

/** Mean of the last `n` entries (fewer if the history is shorter); 0 for no history. */
export function recentMean(h: readonly number[], n: number): number {
  const k = Math.min(n, h.length);
  if (k === 0) return 0;
  let s = 0;
  for (let i = h.length - k; i < h.length; i++) s += h[i];
  return s / k;
}

const clip = (x: number, lo: number, hi: number) => (Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : 0);

/**
 * Builds the featuriser of a learner's state. OPD's state (Eq. 5; `spec.extras` false), normalised
 * to about [0, 1]:
 *
 * - node: available cores (fraction of the cluster free; unbounded: 1 - used / coreScale), incoming
 *   load (mean of the last interval), predicted load (the predictor; OPD: an LSTM over 120 s of
 *   per-second load -> the max of the next 20 s), loads / loadScale. OPD repeats these in every
 *   task's tuple; a dense first layer gains nothing from copies, so they appear once;
 * - per task: model index (/ (variants - 1)), replicas / maxReplicas, batch / the largest batch,
 *   cost (replicas x cores / coreScale), latency (profiled p99 of the batch / SLA) and throughput
 *   (replicas x batch / latency, / loadScale) of the configuration deployed.
 *
 * With `spec.extras` (ours) the vector is the richer one the learning example was first built with:
 * global load change, observed p99 / SLA and drop fraction; per stage one-hot variant and batch,
 * headroom over the predicted load, queue, fraction of replicas ready, and per variant the replicas
 * it would need for the predicted load at its largest batch (the load-to-replicas arithmetic a
 * planner does, which a few hundred episodes of PPO otherwise spend most of their time discovering).
 */
export function createFeaturizer(pipeline: PipelineProfile, layout: ActionLayout, spec: FeatureSpec): Featurizer {
  let predictor: Predictor;
  try {
    predictor = createPredictor(spec.predictor);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(err.issues.map((i) => ({ ...i, path: `features.${i.path}` })));
    throw err;
  }
  return spec.extras === false ? opdFeaturizer(pipeline, layout, spec, predictor) : extendedFeaturizer(pipeline, layout, spec, predictor);
}

/** OPD's state alone (see {@link createFeaturizer}). */
function opdFeaturizer(pipeline: PipelineProfile, layout: ActionLayout, spec: FeatureSpec, predictor: Predictor): Featurizer {
  const labels: string[] = ['availableCores', 'load', 'predictedLoad'];
  layout.stages.forEach((st) => labels.push(`${st.name}.model`, `${st.name}.replicas`, `${st.name}.batch`, `${st.name}.cost`, `${st.name}.latency`, `${st.name}.throughput`));
  const bounded = Number.isFinite(spec.totalCores);
  const I = Math.max(1, Math.round(spec.intervalS));
  return predictingFeaturizer(labels, predictor, (obs, x, pred) => {
    const h = obs.arrivalsPerSecond;
    const used = obs.capacity.usedCores;
    x[0] = clip(bounded ? 1 - used / spec.totalCores : 1 - used / spec.coreScale, -1, 1);
    x[1] = recentMean(h, I) / spec.loadScale;
    x[2] = pred / spec.loadScale;
    let j = 3;
    layout.stages.forEach((st, s) => {
      const c: StageConfig | undefined = obs.config[s];
      const vi = c ? st.variants.indexOf(c.variant) : -1;
      if (c && vi >= 0) {
        const fig = variantFigures(pipeline, s, c.variant, c.batch);
        x[j] = st.variants.length > 1 ? vi / (st.variants.length - 1) : 0;
        x[j + 1] = c.replicas / st.maxReplicas;
        x[j + 2] = c.batch / st.batches[st.batches.length - 1];
        x[j + 3] = (c.replicas * st.cores[vi]) / spec.coreScale;
        x[j + 4] = fig.latencyP99Ms / spec.slaMs;
        x[j + 5] = (c.replicas * fig.throughputRps) / spec.loadScale;
      }
      j += 6;
    });
  });
}

/** OPD's state with our extras (see {@link createFeaturizer}). */
function extendedFeaturizer(pipeline: PipelineProfile, layout: ActionLayout, spec: FeatureSpec, predictor: Predictor): Featurizer {
  const labels: string[] = ['load', 'predictedLoad', 'loadChange', 'coresInUse', 'p99OverSla', 'dropFraction'];
  const variants = pipeline.stages.map((st) => st.variants);
  layout.stages.forEach((st) => {
    st.variants.forEach((v) => labels.push(`${st.name}.variant=${v}`));
    st.batches.forEach((b) => labels.push(`${st.name}.batch=${b}`));
    labels.push(
      `${st.name}.replicas`,
      `${st.name}.throughput`,
      `${st.name}.headroom`,
      `${st.name}.latency`,
      `${st.name}.cores`,
      `${st.name}.queue`,
      `${st.name}.ready`,
    );
    st.variants.forEach((v) => labels.push(`${st.name}.needed[${v}]`));
  });
  // Per stage and variant: throughput at the largest allowed batch, for the "needed" features.
  const bestThr = layout.stages.map((st, s) => variants[s].map((v, i) => throughputRps(v, st.maxBatch[i])));
  const bounded = Number.isFinite(spec.totalCores);
  const I = Math.max(1, Math.round(spec.intervalS));
  return predictingFeaturizer(labels, predictor, (obs, x, pred) => {
    const h = obs.arrivalsPerSecond;
    const load = recentMean(h, I);
    const before = h.length > I ? recentMean(h.slice(0, h.length - I), I) : load;
    const arrivals = load * Math.min(I, h.length);
    let j = 0;
    x[j++] = load / spec.loadScale;
    x[j++] = pred / spec.loadScale;
    x[j++] = clip((load - before) / spec.loadScale, -2, 2);
    x[j++] = bounded ? obs.capacity.usedCores / spec.totalCores : obs.capacity.usedCores / spec.coreScale;
    x[j++] = obs.latencyMs.count > 0 ? clip(obs.latencyMs.p99 / spec.slaMs, 0, 4) : 0;
    x[j++] = arrivals > 0 ? clip(obs.droppedLastInterval / arrivals, 0, 1) : 0;
    layout.stages.forEach((st, s) => {
      const c: StageConfig | undefined = obs.config[s];
      const vi = c ? st.variants.indexOf(c.variant) : -1;
      const ki = c ? st.batches.indexOf(c.batch) : -1;
      if (vi >= 0) x[j + vi] = 1;
      j += st.variants.length;
      if (ki >= 0) x[j + ki] = 1;
      j += st.batches.length;
      if (c && vi >= 0) {
        const v = variants[s][vi];
        const fig = variantFigures(pipeline, s, c.variant, c.batch);
        const thr = c.replicas * fig.throughputRps;
        x[j] = c.replicas / st.maxReplicas;
        x[j + 1] = thr / spec.loadScale;
        x[j + 2] = clip((thr - pred) / spec.loadScale, -2, 2);
        x[j + 3] = fig.latencyP99Ms / spec.slaMs;
        x[j + 4] = (c.replicas * v.cores) / spec.coreScale;
        x[j + 6] = c.replicas > 0 ? (obs.stages[s]?.readyReplicas ?? 0) / c.replicas : 0;
      }
      x[j + 5] = clip((obs.stages[s]?.queueLength ?? 0) / (spec.loadScale * I), 0, 4);
      j += 7;
      for (let i = 0; i < st.variants.length; i++) x[j + i] = clip(Math.ceil(pred / bestThr[s][i]) / st.maxReplicas, 0, 2);
      j += st.variants.length;
    });
  });
}

/**
 * The featuriser both state layouts share: each call asks the predictor for the coming load once
 * (kept for {@link Featurizer.lastPredictedRps}) and lets `fill` write the vector.
 */
function predictingFeaturizer(labels: string[], predictor: Predictor, fill: (obs: Observation, x: Float64Array, predictedRps: number) => void): Featurizer {
  let lastPredicted = 0;
  return {
    size: labels.length,
    labels,
    get lastPredictedRps() {
      return lastPredicted;
    },
    features(obs) {
      const x = new Float64Array(labels.length);
      const h = obs.arrivalsPerSecond;
      lastPredicted = h.length ? Math.max(0, predictor.predict(h)) : 0;
      fill(obs, x, lastPredicted);
      return x;
    },
  };
}

const rankCache = new WeakMap<PipelineProfile, number[][]>();

/**
 * The pipeline accuracy score of a configuration as the simulator scores a request served by it:
 * per stage the raw or rank-normalised accuracy of the chosen variant, combined by sum, product or
 * mean.
 */
export function configAccuracy(
  pipeline: PipelineProfile,
  config: readonly StageConfig[],
  options: { method: 'sum' | 'product' | 'mean'; normalize: 'raw' | 'rank' },
): number {
  let ranks = rankCache.get(pipeline);
  if (!ranks) rankCache.set(pipeline, (ranks = pipeline.stages.map(rankNormalisedAccuracies)));
  const values = config.map((c, s) => {
    const stage = pipeline.stages[s];
    const i = stage.variants.findIndex((v) => v.name === c.variant);
    return options.normalize === 'rank' ? ranks[s][i] : stage.variants[i].accuracy;
  });
  return combineAccuracy(values, options.method);
}
