import { guardPolicy } from '../errors.js';
import { compileNetwork, type NetworkWeights } from '../policies/learning/network.js';
import { maskedChoice } from '../policies/learning/sampling.js';
import { createPolicy, type PolicySpec } from '../policies/registry.js';
import { stream } from '../random/streams.js';
import type { Summary } from '../metrics/types.js';
import type { InferenceEnv } from './env.js';

/** One episode to run: its seed and who acts. */
export interface EpisodeJob {
  /** Episode index (for the curve, and to order results). */
  episode: number;
  /** Seed of the episode's arrivals and of the learner's sampling. */
  seed: string;
  /** `learner`: sample from the network; `expert`: the expert policy acts (OPD's guidance). */
  actor: 'learner' | 'expert';
  /** The learner takes its most likely action instead of sampling (a validation episode). */
  greedy?: boolean;
  /** Which scenario to run (default: drawn from the seed when the environment has several). */
  scenario?: number;
}

/**
 * What an episode leaves for training, as flat typed arrays (they cross worker threads without
 * copying into objects): per step the features, the action, its log-probability under the
 * network at collection time, the masks it was taken under, the critic's value and the reward.
 */
export interface Trajectory {
  episode: number;
  actor: 'learner' | 'expert';
  scenario: number;
  steps: number;
  /** `steps x features`. */
  obs: Float32Array;
  /** `steps x dimensions`. */
  actions: Int32Array;
  logProb: Float64Array;
  /** `steps x logits`, 0 or the mask logit. */
  maskAdd: Float32Array;
  value: Float64Array;
  reward: Float64Array;
  /** The critic's value of the state after the last step (the episode ends on a time limit: bootstrap from it). */
  lastValue: number;
  /** The run's summary when the episode reached the scenario's end. */
  summary?: Summary;
}

/** Runs episodes with a network (and an expert); sequentially here, on worker threads in `infersim/node`. */
export interface RolloutRunner {
  /** Runs every job's episode with `network`; the trajectories come back in the jobs' order. */
  run(network: NetworkWeights, jobs: readonly EpisodeJob[]): Promise<Trajectory[]>;
  /** Releases what the runner holds (worker threads); it is not used after. */
  close(): Promise<void>;
}

/**
 * Runs one episode of `env`. The learner samples each action from the network under the
 * capacity-aware masks with its own stream (`ppo/sample` of the episode's seed), so an episode
 * depends only on its job and the weights, whichever thread runs it. The expert (any policy, IPA
 * by default) decides from the raw observation; its configuration is encoded into the action
 * layout and scored under the network.
 */
export async function runEpisode(env: InferenceEnv, network: NetworkWeights, job: EpisodeJob, expertSpec: PolicySpec): Promise<Trajectory> {
  const forward = compileNetwork(network);
  const D = network.inputSize;
  const A = env.layout.nvec.length;
  const L = network.outputs;
  const N = env.episodeSteps;
  const t: Trajectory = {
    episode: job.episode,
    actor: job.actor,
    scenario: 0,
    steps: 0,
    obs: new Float32Array(N * D),
    actions: new Int32Array(N * A),
    logProb: new Float64Array(N),
    maskAdd: new Float32Array(N * L),
    value: new Float64Array(N),
    reward: new Float64Array(N),
    lastValue: 0,
  };
  const uniform = stream(job.seed, 'ppo/sample');
  let { observation, info } = env.reset({ seed: job.seed, scenario: job.scenario });
  t.scenario = info.scenario;
  const expert = job.actor === 'expert' ? await createPolicy(expertSpec, env.policyContext(job.seed)) : undefined;
  for (let i = 0; ; i++) {
    const out = forward(observation);
    let choice;
    if (expert) {
      const config = guardPolicy(expert.name, info.raw.timeS, () => expert.decide(info.raw)) ?? info.config;
      const action = config.length ? env.encode(config) : maskedChoice(env.layout, out.logits, env.totalCores, { kind: 'argmax' }).action;
      choice = maskedChoice(env.layout, out.logits, env.totalCores, { kind: 'given', action });
    } else if (job.greedy) {
      choice = maskedChoice(env.layout, out.logits, env.totalCores, { kind: 'argmax' });
    } else {
      choice = maskedChoice(env.layout, out.logits, env.totalCores, { kind: 'sample', uniform });
    }
    t.obs.set(observation, i * D);
    t.actions.set(choice.action, i * A);
    t.maskAdd.set(choice.maskAdd, i * L);
    t.logProb[i] = choice.logProb;
    t.value[i] = out.value;
    const r = env.step(choice.action);
    t.reward[i] = r.reward;
    t.steps = i + 1;
    observation = r.observation;
    info = r.info;
    if (r.terminated || r.truncated || t.steps >= N) {
      t.lastValue = forward(observation).value;
      t.summary = r.info.summary;
      break;
    }
  }
  return t;
}

/** A runner that plays the episodes one after another on this thread. */
export function localRunner(env: InferenceEnv, expertSpec: PolicySpec): RolloutRunner {
  return {
    async run(network, jobs) {
      const out: Trajectory[] = [];
      for (const job of jobs) out.push(await runEpisode(env, network, job, expertSpec));
      return out;
    },
    async close() {},
  };
}
