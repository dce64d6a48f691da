import { describe, expect, it } from 'vitest';
import { createRolloutPool } from '../../src/node/train/pool.js';
import { initNetwork } from '../../src/policies/learning/network.js';
import { stream } from '../../src/random/streams.js';
import { createEnv } from '../../src/rl/env.js';
import { localRunner, type EpisodeJob } from '../../src/rl/rollout.js';
import { smallScenario } from './fixtures.js';

describe('parallel rollouts on worker threads', () => {
  it('give the same trajectories as a sequential run, in job order', async () => {
    const scenario = { ...smallScenario(60), workload: { type: 'poisson', rps: 12 } };
    const env = await createEnv(scenario, { maxReplicas: 2, reward: 'opd', features: { predictor: 'lstm' } });
    const net = initNetwork({ inputSize: env.observationSpace.shape[0], hidden: 16, blocks: 1, outputs: env.layout.nvec.reduce((a, b) => a + b, 0) }, stream(5, 'init'));
    const jobs: EpisodeJob[] = [0, 1, 2, 3, 4].map((e) => ({ episode: e, seed: `7:${e}`, actor: e === 2 ? 'expert' : 'learner' }));
    const local = await localRunner(env, { name: 'ipa' }).run(net, jobs);
    const pool = await createRolloutPool({ workers: 2 })(env, { name: 'ipa' });
    try {
      const parallel = await pool.run(net, jobs);
      expect(parallel.map((t) => t.episode)).toEqual([0, 1, 2, 3, 4]);
      for (let i = 0; i < jobs.length; i++) {
        expect(parallel[i].steps).toBe(local[i].steps);
        expect(Array.from(parallel[i].reward)).toEqual(Array.from(local[i].reward));
        expect(Array.from(parallel[i].actions)).toEqual(Array.from(local[i].actions));
        expect(Array.from(parallel[i].logProb)).toEqual(Array.from(local[i].logProb));
        expect(Array.from(parallel[i].obs)).toEqual(Array.from(local[i].obs));
      }
      // Different seeds made different episodes (the test would be vacuous otherwise).
      expect(Array.from(local[0].reward)).not.toEqual(Array.from(local[1].reward));
    } finally {
      await pool.close();
    }
  });

  it('refuses a reward function, which cannot cross threads', async () => {
    const env = await createEnv(smallScenario(20), { maxReplicas: 2, reward: () => 0, features: { predictor: 'reactive' } });
    await expect(createRolloutPool({ workers: 1 })(env, { name: 'ipa' })).rejects.toThrow(/reward: expected a reward spec or expression/);
  });
});
