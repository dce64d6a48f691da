import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useTfBackend } from '../../src/node/train/backend.js';
import { createPpoPolicy, parsePpoModel, type PpoModel } from '../../src/policies/ppo.js';
import { initNetwork, compileNetwork } from '../../src/policies/learning/network.js';
import { stream } from '../../src/random/streams.js';
import { createEnv, type InferenceEnv } from '../../src/rl/env.js';
import { runEpisode } from '../../src/rl/rollout.js';
import { trainPpo, type PpoOptions } from '../../src/rl/train-ppo.js';
import { simulate } from '../../src/sim/simulate.js';
import { smallScenario } from './fixtures.js';

/** A small seeded problem: the small pipeline, 20 steps per episode, a small network. */
const small: PpoOptions = {
  seed: 1,
  maxReplicas: 2,
  hidden: 32,
  blocks: 1,
  episodesPerUpdate: 4,
  epochs: 4,
  learningRate: 1e-3,
  expertEvery: 0,
  reward: 'opd',
  features: { predictor: 'reactive' },
};

/** Total reward of one greedy (argmax) episode of a model on seed 99. */
function greedyReturn(env: InferenceEnv, model: PpoModel): number {
  const policy = createPpoPolicy(model, env.policyContext(99));
  let { info } = env.reset({ seed: 99 });
  let total = 0;
  for (;;) {
    const r = env.step(env.encode(policy.decide(info.raw)!));
    total += r.reward;
    info = r.info;
    if (r.terminated || r.truncated) return total;
  }
}

describe('PPO (OPD)', () => {
  it('improves its mean episode reward over training, and a saved policy reloads to identical decisions', async () => {
    await useTfBackend('wasm');
    const { model, curve, losses } = await trainPpo(smallScenario(100), { ...small, episodes: 40 });
    expect(curve.length).toBe(40);
    expect(losses.length).toBe(10);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = mean(curve.slice(0, 8).map((p) => p.meanReward));
    const last = mean(curve.slice(-8).map((p) => p.meanReward));
    expect(last).toBeGreaterThan(first + 2);

    // The greedy policy beats the untrained network's greedy policy on an unseen seed.
    const env = await createEnv(smallScenario(100), { maxReplicas: 2, reward: 'opd', features: { predictor: 'reactive' } });
    const untrained: PpoModel = { ...model, network: initNetwork({ inputSize: model.network.inputSize, hidden: 32, blocks: 1, outputs: model.network.outputs }, stream(1, 'ppo/init')) };
    expect(greedyReturn(env, model)).toBeGreaterThan(greedyReturn(env, untrained));

    // Saved as JSON and loaded back: the same decisions, bit for bit.
    const loaded = parsePpoModel(JSON.parse(JSON.stringify(model)));
    const a = await simulate({ ...smallScenario(200), workload: { type: 'poisson', rps: 12 }, policy: { name: 'ppo', model } });
    const b = await simulate({ ...smallScenario(200), workload: { type: 'poisson', rps: 12 }, policy: { name: 'ppo', model: loaded } });
    expect(b.decisions).toEqual(a.decisions);
    expect(a.decisions.length).toBeGreaterThan(0);
  });

  it('is reproducible with a seed, and the cpu backend trains the same network', async () => {
    await useTfBackend('wasm');
    const opts = { ...small, episodes: 8, expertEvery: 2 };
    const a = await trainPpo(smallScenario(50), opts);
    const b = await trainPpo(smallScenario(50), opts);
    expect(b.model.network).toEqual(a.model.network);
    expect(a.curve.map((p) => p.actor)).toEqual(['learner', 'expert', 'learner', 'expert', 'learner', 'expert', 'learner', 'expert']);
    expect(a.model.training!.backend).toBe('wasm');
    await useTfBackend('cpu');
    const c = await trainPpo(smallScenario(50), opts);
    expect(tf.getBackend()).toBe('cpu');
    // Float32 kernels differ in rounding between backends, not in what they learn.
    const x = new Float64Array(a.model.network.inputSize).map((_, i) => ((i * 7) % 5) / 5);
    const fa = compileNetwork(a.model.network)(x);
    const fc = compileNetwork(c.model.network)(x);
    fa.logits.forEach((v, i) => expect(fc.logits[i]).toBeCloseTo(v, 3));
    // The first update's episodes ran the same seeded initial weights: identical on both backends.
    expect(c.curve.slice(0, 4).map((p) => p.reward)).toEqual(a.curve.slice(0, 4).map((p) => p.reward));
    await useTfBackend('wasm');
  });

  it('with validateEvery, keeps the checkpoint whose greedy validation episode scored best', async () => {
    await useTfBackend('wasm');
    const seen: number[] = [];
    const r = await trainPpo(smallScenario(50), { ...small, episodes: 6, episodesPerUpdate: 2, validateEvery: 2, onValidation: (v) => seen.push(v.update) });
    // Updates 1-3: validated after update 2 and after the last.
    expect(r.validations.map((v) => v.update)).toEqual([2, 3]);
    expect(seen).toEqual([2, 3]);
    const best = r.validations.reduce((a, v) => (v.reward > a.reward ? v : a));
    expect(r.model.training!.selected).toEqual(best);
    // The selected weights replay the validation episode to the reward recorded for them.
    const env = await createEnv(smallScenario(50), { maxReplicas: 2, reward: 'opd', features: { predictor: 'reactive' } });
    const replay = await runEpisode(env, r.model.network, { episode: -1, seed: '1:validation:0', actor: 'learner', greedy: true }, { name: 'ipa' });
    expect(replay.reward.reduce((a, b) => a + b, 0)).toBeCloseTo(best.reward, 9);
    // finalNetwork is the last update's: without validation, the model's.
    const plain = await trainPpo(smallScenario(50), { ...small, episodes: 6, episodesPerUpdate: 2 });
    expect(plain.finalNetwork).toEqual(plain.model.network);
    expect(plain.validations).toEqual([]);
    expect(r.finalNetwork).toEqual(plain.finalNetwork);
    await expect(trainPpo(smallScenario(50), { ...small, episodes: 4, validateEvery: -1 })).rejects.toThrow(/validateEvery/);
  });

  it('rejects a model that does not fit, with paths', async () => {
    await expect(simulate({ ...smallScenario(20), policy: { name: 'ppo' } })).rejects.toThrow(/policy.model: expected a trained PPO model/);
    await expect(simulate({ ...smallScenario(20), policy: { name: 'ppo', modelPath: 'm.json' } })).rejects.toThrow(/policy.modelPath: .*Node layer/);
    await expect(simulate({ ...smallScenario(20), policy: { name: 'ppo', model: { format: 'infersim-ppo/1' } } })).rejects.toThrow(/policy.model.layout: expected an action layout/);
  });
});
