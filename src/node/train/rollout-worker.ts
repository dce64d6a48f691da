/**
 * Worker-thread side of {@link createRolloutPool}: builds the environment once from the resolved
 * scenarios and options it is sent, then plays the episodes it is given with the weights of the
 * current update. Not part of the public API.
 *
 * @module
 * @internal
 */
import { parentPort } from 'node:worker_threads';
import type { NetworkWeights } from '../../policies/learning/network.js';
import type { PolicySpec } from '../../policies/registry.js';
import { InferenceEnv, type EnvOptions } from '../../rl/env.js';
import { createReward } from '../../rl/rewards.js';
import { runEpisode, type EpisodeJob, type Trajectory } from '../../rl/rollout.js';
import type { ResolvedScenario } from '../../sim/validate.js';
import { describeError, type ErrorRecord } from '../../errors.js';

/** Messages the pool sends. */
export type ToWorker =
  | { type: 'init'; scenarios: ResolvedScenario[]; options: EnvOptions; expert: PolicySpec }
  | { type: 'run'; id: number; network: NetworkWeights; job: EpisodeJob };

/** Messages a worker answers with. */
export type FromWorker = { type: 'ready' } | { type: 'done'; id: number; trajectory: Trajectory } | { type: 'error'; id: number; error: ErrorRecord };

const port = parentPort;
if (!port) throw new Error('rollout-worker.ts runs only as a worker thread');
let env: InferenceEnv | undefined;
let expert: PolicySpec = { name: 'ipa' };

port.on('message', (msg: ToWorker) => {
  void handle(msg);
});

async function handle(msg: ToWorker): Promise<void> {
  if (msg.type === 'init') {
    try {
      const reward = await createReward(msg.options.reward ?? 'opd');
      env = new InferenceEnv(msg.scenarios, reward, msg.options);
      expert = msg.expert;
      port!.postMessage({ type: 'ready' } satisfies FromWorker);
    } catch (err) {
      port!.postMessage({ type: 'error', id: -1, error: describeError(err) } satisfies FromWorker);
    }
    return;
  }
  try {
    const t = await runEpisode(env!, msg.network, msg.job, expert);
    const buffers = [t.obs, t.actions, t.logProb, t.maskAdd, t.value, t.reward].map((a) => a.buffer as ArrayBuffer);
    port!.postMessage({ type: 'done', id: msg.id, trajectory: t } satisfies FromWorker, buffers);
  } catch (err) {
    port!.postMessage({ type: 'error', id: msg.id, error: describeError(err) } satisfies FromWorker);
  }
}
