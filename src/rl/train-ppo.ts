import { wallMs } from '../util/wall-clock.js';
import type { LayoutOptions } from '../policies/learning/layout.js';
import { initNetwork, parseNetwork, type NetworkWeights } from '../policies/learning/network.js';
import type { PpoModel } from '../policies/ppo.js';
import type { PolicySpec } from '../policies/registry.js';
import type { PipelineConfig } from '../policies/types.js';
import type { PredictorSpec } from '../predictors/types.js';
import { stream } from '../random/streams.js';
import type { CurvePoint } from './curve.js';
import { createEnv, type InferenceEnv } from './env.js';
import type { PpoLosses } from './ppo-losses.js';
import { createTfActorCritic } from './ppo-tf.js';
import { importOptional } from '../util/optional-import.js';
import type { RewardSpec } from './rewards.js';
import { localRunner, runEpisode, type EpisodeJob, type RolloutRunner, type Trajectory } from './rollout.js';
import { checkNumbers, describeReward } from './train-qlearning.js';

/**
 * Options of {@link trainPpo}. OPD published no hyper-parameters: the PPO ones default to the usual
 * values (clip 0.2, GAE lambda 0.95, discount 0.99, learning rate 3e-4, Stable-Baselines3's epochs,
 * minibatch, value and gradient-norm settings); the rest are ours.
 */
export interface PpoOptions extends LayoutOptions {
  /** Training episodes (expert episodes included); default 400. */
  episodes?: number;
  /** Seed of initialisation, episodes, sampling and shuffling; default 1. */
  seed?: number | string;
  /** Adam's learning rate; default 3e-4. */
  learningRate?: number;
  /** PPO's ratio clip; default 0.2. */
  clip?: number;
  /** Discount; default 0.99. */
  discount?: number;
  /** GAE lambda; default 0.95. */
  gaeLambda?: number;
  /** Weight of the value loss; default 0.5. */
  valueCoef?: number;
  /** Weight of the entropy bonus; default 0.01. */
  entropyCoef?: number;
  /** Global gradient-norm clip; default 0.5. */
  maxGradNorm?: number;
  /** Passes over each batch; default 10. */
  epochs?: number;
  /** Minibatch size in steps; default 64. */
  minibatch?: number;
  /** Episodes collected per update; default 4 (480 steps of a 1,200 s episode at 10 s). */
  episodesPerUpdate?: number;
  /** Width of the network; default 64. */
  hidden?: number;
  /** Residual blocks; default 2. */
  blocks?: number;
  /** Every `expertEvery`-th episode the expert acts (OPD's guidance); 0: never. Default 5. */
  expertEvery?: number;
  /** The expert; default `{ name: "ipa" }` with IPA's defaults (any registered policy works). */
  expert?: PolicySpec;
  /**
   * Weight of an imitation term (mean log-likelihood of the expert's actions on expert steps);
   * default 0: OPD describes only the expert acting, whose steps then enter PPO's loss like the
   * learner's.
   */
  imitationCoef?: number;
  /**
   * Keep the best checkpoint (ours, standard practice; default 0: off, the last weights are the
   * model): every `validateEvery`-th update and after the last, the network's most likely actions
   * play `validationEpisodes` episodes on seeds no training episode uses
   * (`<seed>:validation:<k>`, scenario k modulo the scenarios), and the model is the weights whose
   * validation reward (summed over those episodes) was highest. The deployed policy takes the most
   * likely action while training samples, so the last weights can deploy worse than their
   * training curve suggests; validating what is deployed guards against that.
   */
  validateEvery?: number;
  /** Episodes per validation; default 1. */
  validationEpisodes?: number;
  /** Called after every validation. */
  onValidation?: (v: PpoValidation) => void;
  /** The reward; default `"opd"`. */
  reward?: RewardSpec;
  /** Feature scales, predictor (default IPA's LSTM) and our extra features (default off: OPD's state); see `EnvOptions.features`. */
  features?: { loadScale?: number; coreScale?: number; predictor?: PredictorSpec | string; extras?: boolean };
  /** Episode start (see `EnvOptions.initialConfig`); default none: the first action deploys at t = 0. */
  initialConfig?: 'scenario' | 'random' | PipelineConfig;
  /** tfjs backend to use (`"wasm"`, `"cpu"`, ...); default: tfjs's current one. Node: see `useTfBackend`. */
  backend?: string;
  /** Runs the episodes; default one after another on this thread (`infersim/node` has a worker pool). */
  runner?: (env: InferenceEnv, expert: PolicySpec) => RolloutRunner | Promise<RolloutRunner>;
  /** Continue training these weights instead of a fresh network. */
  initialNetwork?: NetworkWeights;
  /** Called after every episode. */
  onEpisode?: (point: CurvePoint) => void;
  /** Called after every update with its mean losses. */
  onUpdate?: (update: number, losses: PpoLosses) => void;
}

/** One validation of {@link PpoOptions.validateEvery}: the deployed (most likely) actions' episodes. */
export interface PpoValidation {
  /** Updates done (1-based) when validated. */
  update: number;
  /** Training episodes done. */
  episodes: number;
  /** Reward summed over the validation episodes. */
  reward: number;
  /** Mean reward per step. */
  meanReward: number;
  /** Mean over the episodes of their mean cores. */
  costCores: number;
  /** Mean over the episodes of their SLA violation rate (late + dropped over requests). */
  slaViolationRate: number;
}

/** What {@link trainPpo} returns. */
export interface PpoResult {
  model: PpoModel;
  curve: CurvePoint[];
  /** Every validation, in order (empty unless `validateEvery` > 0). */
  validations: PpoValidation[];
  /** The last update's weights (the model's unless validation selected an earlier checkpoint). */
  finalNetwork: NetworkWeights;
  /** Mean losses of every update. */
  losses: PpoLosses[];
  wallMs: number;
}


/** The defaults of {@link PpoOptions}, as documented. */
export const ppoDefaults = {
  episodes: 400,
  seed: 1,
  learningRate: 3e-4,
  clip: 0.2,
  discount: 0.99,
  gaeLambda: 0.95,
  valueCoef: 0.5,
  entropyCoef: 0.01,
  maxGradNorm: 0.5,
  epochs: 10,
  minibatch: 64,
  episodesPerUpdate: 4,
  hidden: 64,
  blocks: 2,
  expertEvery: 5,
  imitationCoef: 0,
  validateEvery: 0,
  validationEpisodes: 1,
};

/**
 * Trains OPD's policy: PPO with an actor-critic MLP (a dense layer then residual blocks, shared by
 * the policy and value heads) over the environment's features (LSTM load prediction included),
 * with the expert (IPA) acting every `expertEvery`-th episode. Each update collects
 * `episodesPerUpdate` episodes, computes GAE advantages (the episode end is a time limit, so the last
 * value is bootstrapped), and runs `epochs` passes of minibatch Adam on the clipped surrogate, the
 * value loss and the entropy bonus. Rewards are divided by a fixed scale, the standard deviation of
 * the discounted returns of the first batch, so the value head sees numbers of order one.
 *
 * Reproducible: the initial weights come from a seeded stream (not tfjs's initialisers), episodes
 * sample from their own seeded streams, minibatches are shuffled by a seeded Fisher-Yates; on one
 * tfjs backend the same seed gives the same weights. tfjs is imported on first use.
 *
 * @example
 * ```ts
 * const { model, curve } = await trainPpo(scenarios, { episodes: 300, seed: 1 });
 * await simulate({ ...scenario, policy: { name: 'ppo', model } });
 * ```
 */
export async function trainPpo(scenario: unknown | readonly unknown[], options: PpoOptions = {}): Promise<PpoResult> {
  checkNumbers(
    options as Record<string, unknown>,
    {
      episodes: (v) => Number.isInteger(v) && v >= 1,
      learningRate: (v) => v > 0,
      clip: (v) => v > 0,
      discount: (v) => v >= 0 && v <= 1,
      gaeLambda: (v) => v >= 0 && v <= 1,
      valueCoef: (v) => v >= 0,
      entropyCoef: (v) => v >= 0,
      maxGradNorm: (v) => v > 0,
      epochs: (v) => Number.isInteger(v) && v >= 1,
      minibatch: (v) => Number.isInteger(v) && v >= 1,
      episodesPerUpdate: (v) => Number.isInteger(v) && v >= 1,
      hidden: (v) => Number.isInteger(v) && v >= 1,
      blocks: (v) => Number.isInteger(v) && v >= 0,
      expertEvery: (v) => Number.isInteger(v) && v >= 0,
      imitationCoef: (v) => v >= 0,
      validateEvery: (v) => Number.isInteger(v) && v >= 0,
      validationEpisodes: (v) => Number.isInteger(v) && v >= 1,
    },
    {
      episodes: 'an integer >= 1',
      learningRate: 'a number > 0',
      clip: 'a number > 0',
      discount: 'a number in [0, 1]',
      gaeLambda: 'a number in [0, 1]',
      valueCoef: 'a number >= 0',
      entropyCoef: 'a number >= 0',
      maxGradNorm: 'a number > 0',
      epochs: 'an integer >= 1',
      minibatch: 'an integer >= 1',
      episodesPerUpdate: 'an integer >= 1',
      hidden: 'an integer >= 1',
      blocks: 'an integer >= 0',
      expertEvery: 'an integer >= 0 (0: no expert)',
      imitationCoef: 'a number >= 0',
      validateEvery: 'an integer >= 0 (0: keep the last weights)',
      validationEpisodes: 'an integer >= 1',
    },
  );
  const env = await createEnv(scenario, {
    reward: options.reward ?? 'opd',
    minReplicas: options.minReplicas,
    maxReplicas: options.maxReplicas,
    batchingCap: options.batchingCap,
    features: options.features,
    initialConfig: options.initialConfig,
  });
  return trainPpoOn(env, options);
}

/** {@link trainPpo} on an environment you made. */
export async function trainPpoOn(env: InferenceEnv, options: PpoOptions = {}): Promise<PpoResult> {
  const o = { ...ppoDefaults, ...definedOnly(options) };
  const expertSpec: PolicySpec = options.expert ?? { name: 'ipa' };
  const tf = await importOptional<Parameters<typeof createTfActorCritic>[0]>('@tensorflow/tfjs', 'PPO training');
  if (options.backend) {
    if (!(await tf.setBackend(options.backend))) throw new Error(`tfjs backend "${options.backend}" is not available (Node: call useTfBackend from infersim/node first)`);
  }
  await tf.ready();
  const nvec = env.layout.nvec;
  const L = nvec.reduce((a, b) => a + b, 0);
  const A = nvec.length;
  const D = env.observationSpace.shape[0];
  const init = options.initialNetwork
    ? parseNetwork(options.initialNetwork, 'initialNetwork')
    : initNetwork({ inputSize: D, hidden: o.hidden, blocks: o.blocks, outputs: L }, stream(o.seed, 'ppo/init'));
  const learner = createTfActorCritic(tf, init, nvec, o.learningRate, {
    clip: o.clip,
    valueCoef: o.valueCoef,
    entropyCoef: o.entropyCoef,
    imitationCoef: o.imitationCoef,
    maxGradNorm: o.maxGradNorm,
  });
  const runner = options.runner ? await options.runner(env, expertSpec) : localRunner(env, expertSpec);
  const shuffle = stream(o.seed, 'ppo/shuffle');
  const offsets: number[] = [];
  nvec.reduce((acc, n) => (offsets.push(acc), acc + n), 0);
  const curve: CurvePoint[] = [];
  const losses: PpoLosses[] = [];
  const t0 = wallMs();
  let weights = init;
  let rewardScale = 0;
  const validations: PpoValidation[] = [];
  let best: { weights: NetworkWeights; validation: PpoValidation } | undefined;
  const updates = Math.ceil(o.episodes / o.episodesPerUpdate);
  let finalNetwork = init;
  const validate = async (update: number, episodes: number) => {
    const trajs: Trajectory[] = [];
    for (let k = 0; k < o.validationEpisodes; k++) {
      const job: EpisodeJob = { episode: -1 - k, seed: `${o.seed}:validation:${k}`, actor: 'learner', greedy: true, scenario: k % env.scenarios.length };
      trajs.push(await runEpisode(env, weights, job, expertSpec));
    }
    const reward = trajs.reduce((a, t) => a + t.reward.reduce((x, y) => x + y, 0), 0);
    const steps = trajs.reduce((a, t) => a + t.steps, 0);
    const mean = (f: (t: Trajectory) => number) => trajs.reduce((a, t) => a + f(t), 0) / trajs.length;
    const v: PpoValidation = {
      update,
      episodes,
      reward,
      meanReward: reward / Math.max(1, steps),
      costCores: mean((t) => t.summary?.costCores ?? NaN),
      slaViolationRate: mean((t) => t.summary?.slaViolationRate ?? NaN),
    };
    validations.push(v);
    options.onValidation?.(v);
    if (!best || v.reward > best.validation.reward) best = { weights, validation: v };
  };
  try {
    for (let ep = 0, update = 0; ep < o.episodes; ep += o.episodesPerUpdate, update++) {
      const jobs: EpisodeJob[] = [];
      for (let e = ep; e < Math.min(o.episodes, ep + o.episodesPerUpdate); e++) {
        jobs.push({ episode: e, seed: `${o.seed}:${e}`, actor: o.expertEvery > 0 && (e + 1) % o.expertEvery === 0 ? 'expert' : 'learner' });
      }
      const trajs = await runner.run(weights, jobs);
      for (const t of trajs) {
        const total = t.reward.reduce((a, b) => a + b, 0);
        const point: CurvePoint = {
          episode: t.episode,
          reward: total,
          meanReward: total / Math.max(1, t.steps),
          steps: t.steps,
          actor: t.actor,
          scenario: t.scenario,
          costCores: t.summary?.costCores ?? NaN,
          accuracy: t.summary?.accuracy ?? NaN,
          slaViolationRate: t.summary?.slaViolationRate ?? NaN,
          wallMs: wallMs() - t0,
        };
        curve.push(point);
        options.onEpisode?.(point);
      }
      if (rewardScale === 0) rewardScale = returnScale(trajs, o.discount);
      const batch = assemble(trajs, { A, L, D, offsets, discount: o.discount, lambda: o.gaeLambda, rewardScale });
      const sum: PpoLosses = { policy: 0, value: 0, entropy: 0, imitation: 0, clipFraction: 0 };
      let steps = 0;
      const order = Array.from({ length: batch.n }, (_, i) => i);
      for (let epoch = 0; epoch < o.epochs; epoch++) {
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(shuffle() * (i + 1));
          [order[i], order[j]] = [order[j], order[i]];
        }
        for (let start = 0; start < order.length; start += o.minibatch) {
          const idx = order.slice(start, start + o.minibatch);
          const l = learner.step(minibatch(batch, idx, { A, L, D, offsets }));
          for (const k of Object.keys(sum) as (keyof PpoLosses)[]) sum[k] += l[k];
          steps++;
        }
      }
      for (const k of Object.keys(sum) as (keyof PpoLosses)[]) sum[k] /= Math.max(1, steps);
      losses.push(sum);
      options.onUpdate?.(update, sum);
      weights = learner.weights();
      if (o.validateEvery > 0 && ((update + 1) % o.validateEvery === 0 || update + 1 === updates)) {
        await validate(update + 1, Math.min(o.episodes, ep + o.episodesPerUpdate));
      }
    }
    finalNetwork = weights;
    if (best) weights = best.weights;
  } finally {
    await runner.close();
    learner.dispose();
  }
  const spec = env.featureSpec;
  const model: PpoModel = {
    format: 'infersim-ppo/1',
    pipeline: env.pipeline.name,
    layout: env.layout,
    features: { ...spec, totalCores: Number.isFinite(spec.totalCores) ? spec.totalCores : null },
    network: weights,
    training: {
      algorithm: 'PPO with expert guidance (OPD)',
      episodes: o.episodes,
      seed: o.seed,
      learningRate: o.learningRate,
      clip: o.clip,
      discount: o.discount,
      gaeLambda: o.gaeLambda,
      valueCoef: o.valueCoef,
      entropyCoef: o.entropyCoef,
      maxGradNorm: o.maxGradNorm,
      epochs: o.epochs,
      minibatch: o.minibatch,
      episodesPerUpdate: o.episodesPerUpdate,
      expertEvery: o.expertEvery,
      expert: expertSpec,
      imitationCoef: o.imitationCoef,
      ...(best ? { validateEvery: o.validateEvery, validationEpisodes: o.validationEpisodes, selected: best.validation } : {}),
      reward: describeReward(options.reward ?? 'opd'),
      rewardScale,
      backend: tf.getBackend(),
      wallMs: Math.round(wallMs() - t0),
    },
  };
  return { model, curve, validations, finalNetwork, losses, wallMs: wallMs() - t0 };
}

/** Options with `undefined` entries removed, so spreading them keeps the defaults. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Standard deviation of the discounted returns of a batch (1 if they are all equal). */
function returnScale(trajs: readonly Trajectory[], discount: number): number {
  const g: number[] = [];
  for (const t of trajs) {
    let acc = 0;
    for (let i = t.steps - 1; i >= 0; i--) {
      acc = t.reward[i] + discount * acc;
      g.push(acc);
    }
  }
  const mean = g.reduce((a, b) => a + b, 0) / Math.max(1, g.length);
  const sd = Math.sqrt(g.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, g.length));
  return sd > 1e-8 ? sd : 1;
}

interface Batch {
  n: number;
  obs: Float32Array;
  actions: Int32Array;
  maskAdd: Float32Array;
  logProb: Float32Array;
  advantage: Float32Array;
  returns: Float32Array;
  expert: Float32Array;
}

/** GAE over every trajectory, concatenated into one batch. */
function assemble(trajs: readonly Trajectory[], s: { A: number; L: number; D: number; offsets: number[]; discount: number; lambda: number; rewardScale: number }): Batch {
  const n = trajs.reduce((a, t) => a + t.steps, 0);
  const b: Batch = {
    n,
    obs: new Float32Array(n * s.D),
    actions: new Int32Array(n * s.A),
    maskAdd: new Float32Array(n * s.L),
    logProb: new Float32Array(n),
    advantage: new Float32Array(n),
    returns: new Float32Array(n),
    expert: new Float32Array(n),
  };
  let at = 0;
  for (const t of trajs) {
    const T = t.steps;
    let gae = 0;
    for (let i = T - 1; i >= 0; i--) {
      const next = i === T - 1 ? t.lastValue : t.value[i + 1];
      const delta = t.reward[i] / s.rewardScale + s.discount * next - t.value[i];
      gae = delta + s.discount * s.lambda * gae;
      b.advantage[at + i] = gae;
      b.returns[at + i] = gae + t.value[i];
    }
    b.obs.set(t.obs.subarray(0, T * s.D), at * s.D);
    b.actions.set(t.actions.subarray(0, T * s.A), at * s.A);
    b.maskAdd.set(t.maskAdd.subarray(0, T * s.L), at * s.L);
    for (let i = 0; i < T; i++) {
      b.logProb[at + i] = t.logProb[i];
      b.expert[at + i] = t.actor === 'expert' ? 1 : 0;
    }
    at += T;
  }
  return b;
}

/** The rows `idx` of a batch, with one-hot actions and advantages normalised within the minibatch. */
function minibatch(b: Batch, idx: readonly number[], s: { A: number; L: number; D: number; offsets: readonly number[] }) {
  const n = idx.length;
  const obs = new Float32Array(n * s.D);
  const onehot = new Float32Array(n * s.L);
  const maskAdd = new Float32Array(n * s.L);
  const oldLogProb = new Float32Array(n);
  const advantage = new Float32Array(n);
  const returns = new Float32Array(n);
  const expert = new Float32Array(n);
  idx.forEach((r, i) => {
    obs.set(b.obs.subarray(r * s.D, (r + 1) * s.D), i * s.D);
    maskAdd.set(b.maskAdd.subarray(r * s.L, (r + 1) * s.L), i * s.L);
    for (let d = 0; d < s.A; d++) onehot[i * s.L + s.offsets[d] + b.actions[r * s.A + d]] = 1;
    oldLogProb[i] = b.logProb[r];
    advantage[i] = b.advantage[r];
    returns[i] = b.returns[r];
    expert[i] = b.expert[r];
  });
  let mean = 0;
  for (const a of advantage) mean += a / n;
  let sd = 0;
  for (const a of advantage) sd += (a - mean) ** 2 / n;
  sd = Math.sqrt(sd);
  for (let i = 0; i < n; i++) advantage[i] = n > 1 ? (advantage[i] - mean) / (sd + 1e-8) : 0;
  return { n, obs, onehot, maskAdd, oldLogProb, advantage, returns, expert };
}
