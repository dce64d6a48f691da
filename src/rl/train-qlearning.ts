import { wallMs } from '../util/wall-clock.js';
import { InputError, type InputIssue } from '../errors.js';
import { encodeConfig, type LayoutOptions } from '../policies/learning/layout.js';
import { allowedMoves, greedyMove, loadBucket, neighbourMoves, qStateKey, type QTable } from '../policies/qlearning.js';
import type { PipelineConfig } from '../policies/types.js';
import { stream } from '../random/streams.js';
import type { CurvePoint } from './curve.js';
import { createEnv, type InferenceEnv } from './env.js';
import type { RewardSpec } from './rewards.js';

/** Options of {@link trainQLearning}; every default is ours (the seed gave none). */
export interface QLearningOptions extends LayoutOptions {
  /** Training episodes; default 300. */
  episodes?: number;
  /** Seed of the episodes (arrivals, start configurations) and of exploration; default 1. */
  seed?: number | string;
  /** Step size of the Q update; default 0.1. */
  learningRate?: number;
  /** Discount factor; default 0.95 (a path of a few moves to a better configuration must pay off). */
  discount?: number;
  /** Exploration rate of the first episode; default 1. */
  epsilonStart?: number;
  /** Smallest exploration rate; default 0.05. */
  epsilonEnd?: number;
  /**
   * Fraction of the episodes over which epsilon decays (geometrically) from start to end; default
   * 0.8, so the last fifth of training mostly exploits what was learnt.
   */
  epsilonDecayFraction?: number;
  /** Width of a load bucket, requests/s; default a tenth of the workloads' peak, at least 1. */
  loadBucketRps?: number;
  /** The reward; default `"seed"` (see `seedReward`). */
  reward?: RewardSpec;
  /**
   * Where training episodes start; default the configuration the trained policy deploys
   * (`deployConfig`), so the table learns the paths the policy will walk. `"random"` starts each
   * episode from a seeded random configuration: wider coverage, which pays on small pipelines and
   * is lost in large configuration spaces (the video pipeline has ~57,000 configurations per load
   * bucket).
   */
  initialConfig?: 'scenario' | 'random' | PipelineConfig;
  /**
   * What the trained policy deploys at t = 0; default the scenario's static `policy.config` if it
   * has one, else the cheapest configuration (least accurate variants, smallest batch, fewest replicas).
   */
  deployConfig?: PipelineConfig;
  /**
   * How a state's row starts when the state is first reached: `"reward"` (default) sets every move to
   * `r / (1 - discount)`, the value of staying forever at the reward just observed there; `"zero"`
   * starts at 0, which is optimistic when rewards are negative (cores cost) and, in a large
   * configuration space, keeps the greedy policy wandering into states it never learnt about.
   */
  initialization?: 'reward' | 'zero';
  /** Called after every episode (progress bars, logs). */
  onEpisode?: (point: CurvePoint) => void;
}

/** What {@link trainQLearning} returns. */
export interface QLearningResult {
  table: QTable;
  curve: CurvePoint[];
  /** Wall time of the whole training, ms. */
  wallMs: number;
}


/** Checks the numeric options of a trainer, collecting every problem. */
export function checkNumbers(o: Record<string, unknown>, checks: Record<string, (v: number) => boolean>, expected: Record<string, string>): void {
  const issues: InputIssue[] = [];
  for (const [k, ok] of Object.entries(checks)) {
    const v = o[k];
    if (v !== undefined && (typeof v !== 'number' || !ok(v))) issues.push({ path: k, expected: expected[k], received: String(v) });
  }
  if (issues.length) throw new InputError(issues);
}

/**
 * Trains tabular Q-learning as seed 000 describes it: the state is the configuration (per stage
 * variant, batch and replicas) plus a bucket of the recent load; the actions are neighbour moves
 * (keep, or change one knob of one stage by one step); epsilon-greedy exploration with a decaying
 * epsilon; one-step Q updates `Q(s,a) += lr (r + discount max_a' Q(s',a') - Q(s,a))` over the
 * moves allowed in `s'`. The episode's end is a time limit, not a terminal state, so the update
 * bootstraps there too.
 *
 * @param scenario - one scenario or several sharing a pipeline (each episode draws one)
 * @example
 * ```ts
 * const { table, curve } = await trainQLearning(scenario, { episodes: 200, seed: 1 });
 * await simulate({ ...scenario, policy: { name: 'qlearning', table } });
 * ```
 */
export async function trainQLearning(scenario: unknown | readonly unknown[], options: QLearningOptions = {}): Promise<QLearningResult> {
  checkNumbers(
    options as Record<string, unknown>,
    {
      episodes: (v) => Number.isInteger(v) && v >= 1,
      learningRate: (v) => v > 0 && v <= 1,
      discount: (v) => v >= 0 && v < 1,
      epsilonStart: (v) => v >= 0 && v <= 1,
      epsilonEnd: (v) => v >= 0 && v <= 1,
      epsilonDecayFraction: (v) => v > 0 && v <= 1,
      loadBucketRps: (v) => v > 0,
    },
    {
      episodes: 'an integer >= 1',
      learningRate: 'a number in (0, 1]',
      discount: 'a number in [0, 1)',
      epsilonStart: 'a number in [0, 1]',
      epsilonEnd: 'a number in [0, 1]',
      epsilonDecayFraction: 'a number in (0, 1]',
      loadBucketRps: 'a number > 0',
    },
  );
  const probe = await createEnv(scenario, { minReplicas: options.minReplicas, maxReplicas: options.maxReplicas, batchingCap: options.batchingCap, features: { predictor: 'reactive' }, reward: () => 0 });
  const env = await createEnv(scenario, {
    reward: options.reward ?? 'seed',
    initialConfig: options.initialConfig ?? options.deployConfig ?? deployDefault(probe),
    minReplicas: options.minReplicas,
    maxReplicas: options.maxReplicas,
    batchingCap: options.batchingCap,
    // Q-learning does not use the features; a cheap predictor keeps the steps fast.
    features: { predictor: 'reactive' },
  });
  return trainQLearningOn(env, options);
}

/** {@link trainQLearning} on an environment you made (its `initialConfig` should be set). */
export async function trainQLearningOn(env: InferenceEnv, options: QLearningOptions = {}): Promise<QLearningResult> {
  const episodes = options.episodes ?? 300;
  const seed = options.seed ?? 1;
  const lr = options.learningRate ?? 0.1;
  const discount = options.discount ?? 0.95;
  const e0 = options.epsilonStart ?? 1;
  const e1 = Math.min(e0, options.epsilonEnd ?? 0.05);
  const decayEpisodes = Math.max(1, Math.round((options.epsilonDecayFraction ?? 0.8) * episodes));
  const decay = e0 > 0 && e1 > 0 ? Math.pow(e1 / e0, 1 / decayEpisodes) : 1;
  const layout = env.layout;
  const bucketRps = options.loadBucketRps ?? Math.max(1, env.featureSpec.loadScale / 10);
  const bucketing = { loadBucketRps: bucketRps, maxLoadBucket: Math.ceil(env.featureSpec.loadScale / bucketRps) + 1, intervalS: env.intervalS };
  const moves = neighbourMoves(layout);
  const q: Record<string, number[]> = {};
  const init = options.initialization ?? 'reward';
  const row = (key: string, reward = 0) => (q[key] ??= new Array<number>(moves.length).fill(init === 'reward' ? reward / (1 - discount) : 0));
  const explore = stream(seed, 'qlearning/explore');
  const curve: CurvePoint[] = [];
  const t0 = wallMs();
  let epsilon = e0;
  for (let ep = 0; ep < episodes; ep++) {
    let { info } = env.reset({ seed: `${seed}:${ep}` });
    let action = encodeConfig(layout, info.config);
    let key = qStateKey(action, loadBucket(info.raw, bucketing));
    let total = 0;
    let steps = 0;
    for (;;) {
      const allowed = allowedMoves(layout, action, moves, env.totalCores);
      let m: number;
      if (explore() < epsilon) {
        const options = allowed.map((a, i) => (a ? i : -1)).filter((i) => i >= 0);
        m = options[Math.floor(explore() * options.length)];
      } else {
        m = greedyMove(q[key], allowed);
      }
      const next = allowed[m]!;
      const r = env.step(next);
      const nextKey = qStateKey(next, loadBucket(r.info.raw, bucketing));
      const nextAllowed = allowedMoves(layout, next, moves, env.totalCores);
      const nextRow = row(nextKey, r.reward);
      const bootstrap = nextRow[greedyMove(nextRow, nextAllowed)];
      const qs = row(key, r.reward);
      qs[m] += lr * (r.reward + discount * bootstrap - qs[m]);
      total += r.reward;
      steps++;
      action = next;
      key = nextKey;
      info = r.info;
      if (r.terminated || r.truncated) {
        const s = r.info.summary;
        const point: CurvePoint = {
          episode: ep,
          reward: total,
          meanReward: total / steps,
          steps,
          actor: 'learner',
          epsilon,
          scenario: info.scenario,
          costCores: s?.costCores ?? NaN,
          accuracy: s?.accuracy ?? NaN,
          slaViolationRate: s?.slaViolationRate ?? NaN,
          wallMs: wallMs() - t0,
        };
        curve.push(point);
        options.onEpisode?.(point);
        break;
      }
    }
    if (ep < decayEpisodes) epsilon = Math.max(e1, epsilon * decay);
  }
  const table: QTable = {
    format: 'infersim-qlearning/1',
    pipeline: env.pipeline.name,
    layout,
    ...bucketing,
    initial: encodeConfig(layout, options.deployConfig ?? deployDefault(env)),
    q,
    training: {
      episodes,
      seed,
      learningRate: lr,
      discount,
      epsilonStart: e0,
      epsilonEnd: e1,
      epsilonDecayEpisodes: decayEpisodes,
      initialization: init,
      reward: describeReward(options.reward ?? 'seed'),
      states: Object.keys(q).length,
      wallMs: Math.round(wallMs() - t0),
    },
  };
  return { table, curve, wallMs: wallMs() - t0 };
}

/** The reward spec as JSON for provenance (a function is named, not serialised). */
export function describeReward(spec: RewardSpec): unknown {
  return typeof spec === 'function' ? `function ${spec.name || '(anonymous)'}` : spec;
}

/** The scenario's static configuration, else the cheapest one. */
function deployDefault(env: InferenceEnv): PipelineConfig {
  const p = env.scenarios[0].policy as { name?: string; config?: PipelineConfig };
  if (p?.name === 'static' && Array.isArray(p.config) && p.config.length === env.layout.stages.length) return p.config;
  return env.layout.stages.map((st) => {
    let v = 0;
    st.accuracy.forEach((a, i) => {
      if (st.cores[i] < st.cores[v] || (st.cores[i] === st.cores[v] && a < st.accuracy[v])) v = i;
    });
    return { variant: st.variants[v], batch: st.batches[0], replicas: st.minReplicas };
  });
}
