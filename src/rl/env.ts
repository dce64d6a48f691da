import { InputError, describeValue } from '../errors.js';
import { createFeaturizer, type FeatureSpec, type Featurizer } from '../policies/learning/features.js';
import {
  actionIssues,
  actionLayout,
  actionMasks,
  configCores,
  decodeAction,
  encodeConfig,
  flatMask,
  type ActionLayout,
  type LayoutOptions,
  type StageMask,
} from '../policies/learning/layout.js';
import { maskedChoice } from '../policies/learning/sampling.js';
import type { Observation, PipelineConfig, Policy, PolicyContext, StageConfig } from '../policies/types.js';
import type { PredictorSpec } from '../predictors/types.js';
import type { PipelineProfile } from '../profiles/types.js';
import { stream } from '../random/streams.js';
import type { Summary } from '../metrics/types.js';
import { Simulation } from '../sim/simulation.js';
import { validateScenario, type ResolvedScenario } from '../sim/validate.js';
import { FinishedCounter, stepMetrics, type StepMetrics } from './metrics.js';
import { createReward, type RewardFn, type RewardSpec } from './rewards.js';
import { actionSpace, observationSpace, type BoxSpace, type MultiDiscreteSpace } from './spaces.js';

/** Options of an {@link InferenceEnv}. */
export interface EnvOptions extends LayoutOptions {
  /** The reward: `"opd"` (default), `"seed"`, an expression, a spec or a function (see `createReward`). */
  reward?: RewardSpec;
  /**
   * Where an episode starts:
   * - absent (default): nothing is deployed; the first action is deployed at t = 0, warm, as a
   *   policy's first decision is (OPD's setting);
   * - `"scenario"`: the scenario's static `policy.config`;
   * - `"random"`: a random configuration within the masks, from the reset seed;
   * - a configuration.
   * With a start configuration, reset runs the first interval with it and the first action is
   * taken at the end of that interval (the seed's Q-learning moves from a configuration).
   */
  initialConfig?: 'scenario' | 'random' | PipelineConfig;
  /**
   * Features: load and core scales (default from the scenarios), the load predictor (default IPA's
   * LSTM; OPD's per-second LSTM is `models/lstm/opd-lstm.json`), and `extras` (default false: OPD's
   * state only; true adds ours, see `createFeaturizer`).
   */
  features?: { loadScale?: number; coreScale?: number; predictor?: PredictorSpec | string; extras?: boolean };
  /** End the episode (truncated) after this many steps; default: at the scenario's duration (terminated). */
  maxSteps?: number;
}

/** What {@link InferenceEnv.reset} returns. */
export interface ResetResult {
  observation: Float64Array;
  info: StepInfo;
}

/** What {@link InferenceEnv.step} returns (Gym's five-tuple, as an object). */
export interface StepResult {
  observation: Float64Array;
  reward: number;
  /** The scenario's duration was reached. */
  terminated: boolean;
  /** `maxSteps` was reached first. */
  truncated: boolean;
  info: StepInfo;
}

/** Everything an environment knows beyond the feature vector. */
export interface StepInfo {
  /** The observation as a policy sees it. */
  raw: Observation;
  /** Simulated time, s. */
  timeS: number;
  /** Steps taken in this episode. */
  step: number;
  /** Index of the scenario this episode runs. */
  scenario: number;
  /** The configuration now deployed (empty before the first action without a start configuration). */
  config: PipelineConfig;
  /** The step's metrics (absent after reset). */
  metrics?: StepMetrics;
  /** The action asked for more cores than the cluster has (replicas wait for cores). */
  overCapacity?: boolean;
  /** The run's summary, when the episode ended (the run drained as `simulate` does). */
  summary?: Summary;
}

function sameConfig(a: readonly StageConfig[], b: readonly StageConfig[]): boolean {
  return a.length === b.length && a.every((c, i) => c.variant === b[i].variant && c.batch === b[i].batch && c.replicas === b[i].replicas);
}

/** The per-scenario upper load of a workload, requests/s. */
function peakLoad(sc: ResolvedScenario): number {
  const w = sc.workload;
  if (w.type !== 'trace') return w.rps;
  let m = 0;
  for (const c of w.counts) if (c > m) m = c;
  return m / w.timeScale;
}

/**
 * A Gym-style environment over the simulator: one step = one adaptation interval. `step(action)`
 * deploys the configuration a multi-discrete action names (per stage: variant, batch, replicas),
 * simulates the interval, and returns the next observation's features, the reward of the interval
 * and whether the episode ended. Create it with {@link createEnv} (async: a reward expression loads
 * mathjs); `reset` and `step` are synchronous.
 *
 * Several scenarios (say three workloads) make one environment when they share the pipeline:
 * `reset` picks one per episode from its seed, or the one asked for.
 */
export class InferenceEnv {
  /** The action layout (bounds of the action space). */
  readonly layout: ActionLayout;
  /** The action space, described. */
  readonly actionSpace: MultiDiscreteSpace;
  /** The observation space, described. */
  readonly observationSpace: BoxSpace;
  /** The feature spec observations are made with (save it with a trained policy). */
  readonly featureSpec: FeatureSpec;
  /** Cores of the cluster (Infinity: unbounded). */
  readonly totalCores: number;
  /** The pipeline of every scenario. */
  readonly pipeline: PipelineProfile;
  /** Seconds per step. */
  readonly intervalS: number;

  private sim: Simulation | undefined;
  private featurizer: Featurizer;
  private counter = new FinishedCounter(1);
  private sc: ResolvedScenario;
  private scenarioIndex = 0;
  private stepCount = 0;
  private pending: PipelineConfig | undefined;
  private config: PipelineConfig = [];
  private lastRaw: Observation | undefined;
  private ended = true;
  private seed: number | string = 0;

  constructor(
    readonly scenarios: readonly ResolvedScenario[],
    private readonly reward: RewardFn,
    readonly options: EnvOptions = {},
  ) {
    if (scenarios.length === 0) throw new InputError([{ path: 'scenarios', expected: 'at least one scenario', received: 'none' }]);
    const first = scenarios[0];
    this.pipeline = first.pipeline;
    this.layout = actionLayout(first.pipeline, options);
    const issues = scenarios.slice(1).flatMap((sc, i) => {
      const l = actionLayout(sc.pipeline, options);
      const same = JSON.stringify(l) === JSON.stringify(this.layout) && sc.adaptationIntervalS === first.adaptationIntervalS && sc.slaMs === first.slaMs;
      return same ? [] : [{ path: `scenarios[${i + 1}]`, expected: 'the same pipeline, SLA and adaptation interval as scenarios[0]', received: sc.name }];
    });
    // Step metrics are read from the request table, which a streaming run recycles.
    scenarios.forEach((sc, i) => {
      if (sc.recording.mode === 'streaming') issues.push({ path: `scenarios[${i}].metrics.recording`, expected: '"exact" (the environment reads per-request records)', received: '"streaming"' });
    });
    if (issues.length) throw new InputError(issues);
    this.intervalS = first.adaptationIntervalS;
    this.totalCores = first.nodes.reduce((a, n) => a + n.cores, 0);
    const maxCores = this.layout.stages.reduce((a, st) => a + Math.max(...st.cores) * st.maxReplicas, 0);
    const f = options.features ?? {};
    const peak = Math.max(...scenarios.map(peakLoad));
    this.featureSpec = {
      loadScale: f.loadScale ?? Math.max(1, Math.ceil(peak / 10) * 10),
      coreScale: f.coreScale ?? maxCores,
      predictor: f.predictor ?? 'lstm',
      intervalS: this.intervalS,
      slaMs: first.slaMs,
      totalCores: this.totalCores,
      extras: f.extras ?? false,
    };
    this.featurizer = createFeaturizer(this.pipeline, this.layout, this.featureSpec);
    this.actionSpace = actionSpace(this.layout);
    this.observationSpace = observationSpace(this.featurizer.labels);
    this.sc = first;
  }

  /** Simulated time now, s. */
  get timeS(): number {
    return this.sim?.timeS ?? 0;
  }

  /** The observation a policy would see now. */
  get rawObservation(): Observation | undefined {
    return this.lastRaw;
  }

  /** The configuration deployed now. */
  get currentConfig(): PipelineConfig {
    return this.config.map((c) => ({ ...c }));
  }

  /** Steps in a full episode of the current scenario (or of scenario 0 before the first reset). */
  get episodeSteps(): number {
    const n = Math.ceil(this.sc.durationS / this.intervalS - 1e-9) - (this.options.initialConfig ? 1 : 0);
    return this.options.maxSteps === undefined ? n : Math.min(n, this.options.maxSteps);
  }

  /**
   * The context a policy deciding in this environment gets (for an expert such as IPA), with the
   * policy stream of `seed`.
   */
  policyContext(seed: number | string = this.seed): PolicyContext {
    return {
      pipeline: this.pipeline,
      slaMs: this.sc.slaMs,
      adaptationIntervalS: this.intervalS,
      totalCores: this.totalCores,
      random: stream(seed, 'policy'),
      maxBatchWaitMs: this.sc.maxBatchWaitS * 1000,
    };
  }

  /**
   * Starts an episode. The same seed gives the same arrivals, service times and (for
   * `initialConfig: "random"`) start, so the same actions give the same rewards.
   *
   * @param options.seed - the episode's seed (default: the scenario's)
   * @param options.scenario - which scenario (default: drawn from the seed when there are several)
   */
  reset(options: { seed?: number | string; scenario?: number } = {}): ResetResult {
    const n = this.scenarios.length;
    const base = this.scenarios[0];
    const seed = options.seed ?? base.seed;
    let index = options.scenario ?? (n > 1 ? Math.floor(stream(seed, 'rl/scenario')() * n) : 0);
    if (!Number.isInteger(index) || index < 0 || index >= n) throw new InputError([{ path: 'reset.scenario', expected: `an integer in [0, ${n - 1}]`, received: describeValue(options.scenario) }]);
    index = Math.min(index, n - 1);
    this.seed = seed;
    this.scenarioIndex = index;
    // The environment decides, not the scenario's policy: no ADAPT events (the interval is the
    // duration), and the series keep the scenario's own interval.
    const sc: ResolvedScenario = { ...this.scenarios[index], seed, adaptationIntervalS: this.scenarios[index].durationS };
    this.sc = { ...sc, adaptationIntervalS: this.intervalS };
    const env = this;
    const policy: Policy = {
      name: 'rl-env',
      decide() {
        const c = env.pending;
        env.pending = undefined;
        return c;
      },
    };
    this.sim = new Simulation(sc, policy, { keepRequests: true });
    this.counter = new FinishedCounter(sc.slaMs / 1000);
    this.stepCount = 0;
    this.config = [];
    this.ended = false;
    const start = this.startConfig(seed);
    if (!start) {
      // OPD: nothing deployed yet; the first action is the t = 0 decision. This is the snapshot a
      // policy gets at t = 0 (no history, no configuration).
      const raw = this.sim.observe();
      this.lastRaw = raw;
      return { observation: this.featurizer.features(raw), info: this.info(raw) };
    }
    this.pending = start;
    this.sim.start();
    this.config = start.map((c) => ({ ...c }));
    const t1 = Math.min(this.intervalS, sc.durationS);
    this.sim.advanceTo(t1);
    const raw = this.sim.observe();
    this.lastRaw = raw;
    this.counter.count(this.sim.serving.requests, 0, t1);
    return { observation: this.featurizer.features(raw), info: this.info(raw) };
  }

  private startConfig(seed: number | string): PipelineConfig | undefined {
    const init = this.options.initialConfig;
    if (init === undefined) return undefined;
    if (init === 'random') {
      const zeros = new Array<number>(this.layout.nvec.reduce((a, b) => a + b, 0)).fill(0);
      const a = maskedChoice(this.layout, zeros, this.totalCores, { kind: 'sample', uniform: stream(seed, 'rl/initial') }).action;
      return decodeAction(this.layout, a);
    }
    if (init === 'scenario') {
      const p = this.scenarios[this.scenarioIndex].policy as { name?: string; config?: PipelineConfig };
      if (p?.name !== 'static' || !Array.isArray(p.config)) {
        throw new InputError([{ path: 'initialConfig', expected: 'a scenario with a static policy.config (for "scenario")', received: describeValue(p?.name) }]);
      }
      return decodeAction(this.layout, encodeConfig(this.layout, p.config));
    }
    return decodeAction(this.layout, encodeConfig(this.layout, init));
  }

  private info(raw: Observation): StepInfo {
    return { raw, timeS: this.timeS, step: this.stepCount, scenario: this.scenarioIndex, config: this.currentConfig };
  }

  /** Action masks, factorised per stage (see `actionMasks`): bounds and the cluster's capacity. */
  actionMasks(): StageMask[] {
    return actionMasks(this.layout, this.totalCores);
  }

  /** Action masks flattened to one boolean per action value (length `sum(nvec)`), as maskable learners take them. */
  actionMask(): boolean[] {
    return flatMask(this.layout, this.actionMasks());
  }

  /** The flat action of a configuration (clamped into the layout). */
  encode(config: readonly StageConfig[]): number[] {
    return encodeConfig(this.layout, config);
  }

  /** The configuration of a flat action. */
  decode(action: ArrayLike<number>): PipelineConfig {
    return decodeAction(this.layout, action);
  }

  /**
   * Deploys the configuration `action` names, simulates one interval and returns the next
   * observation and the interval's reward. An action out of the layout's bounds is an error; one over
   * the cluster's capacity is applied (its extra replicas wait for cores, as in the simulator) and
   * flagged `overCapacity`.
   *
   * @throws InputError for a malformed action; Error when stepping an ended episode (call reset).
   */
  step(action: ArrayLike<number>): StepResult {
    if (!this.sim || this.ended) throw new Error('step() on an ended episode: call reset() first');
    const issues = actionIssues(this.layout, action);
    if (issues.length) throw new InputError(issues);
    const sim = this.sim;
    const sc = this.sc;
    const config = decodeAction(this.layout, action);
    const overCapacity = configCores(this.layout, action) > this.totalCores;
    const t0 = sim.timeS;
    if (this.config.length === 0) {
      this.pending = config;
      sim.start();
    } else {
      sim.reconfigure(config);
    }
    const reconfigured = this.config.length > 0 && !sameConfig(config, this.config);
    this.config = config;
    const t1 = Math.min(t0 + this.intervalS, sc.durationS);
    sim.advanceTo(t1);
    const raw = sim.observe();
    this.lastRaw = raw;
    const observation = this.featurizer.features(raw);
    const metrics = stepMetrics({
      pipeline: this.pipeline,
      accuracy: sc.accuracy,
      config,
      obs: raw,
      finished: this.counter.count(sim.serving.requests, t0, t1),
      t0,
      t1,
      predictedLoad: this.featurizer.lastPredictedRps,
      reconfigured,
    });
    const reward = this.reward(metrics);
    this.stepCount++;
    const terminated = t1 >= sc.durationS - 1e-9;
    const truncated = !terminated && this.options.maxSteps !== undefined && this.stepCount >= this.options.maxSteps;
    const info: StepInfo = { ...this.info(raw), metrics, overCapacity };
    if (terminated || truncated) {
      this.ended = true;
      if (terminated) info.summary = sim.finish().summary;
    }
    return { observation, reward, terminated, truncated, info };
  }
}

/**
 * Creates an {@link InferenceEnv} from one scenario or several (validated here; a scenario's own
 * policy is ignored: the agent decides). Async because a reward expression loads mathjs.
 *
 * @example
 * ```ts
 * const env = await createEnv({ seed: 1, durationS: 1200, pipeline: 'video',
 *   workload: { type: 'trace', name: 'fluctuating' }, cluster: { cores: 48 },
 *   policy: { name: 'static', config: [] } }, { reward: 'opd' });
 * let { observation } = env.reset({ seed: 7 });
 * for (;;) {
 *   const r = env.step(myAgent(observation, env.actionMask()));
 *   observation = r.observation;
 *   if (r.terminated || r.truncated) break;
 * }
 * ```
 * @throws InputError for a bad scenario, reward or bound
 */
export async function createEnv(scenario: unknown | readonly unknown[], options: EnvOptions = {}): Promise<InferenceEnv> {
  const list = Array.isArray(scenario) ? scenario : [scenario];
  const resolved = list.map((s) => {
    const raw = s as Record<string, unknown>;
    // The agent is the policy: a scenario written for the environment need not name one.
    return validateScenario(raw && typeof raw === 'object' && raw.policy === undefined ? { ...raw, policy: { name: 'static', config: [] } } : raw);
  });
  const reward = await createReward(options.reward ?? 'opd');
  return new InferenceEnv(resolved, reward, options);
}
