/**
 * Timings of the learning stack, for bench/README.md ("Learning"):
 *
 * ```
 * npx tsx scripts/bench-rl.ts [--episodes 8] [--workers 2]
 * ```
 *
 * - environment steps per second on IPA's video pipeline (fluctuating workload, 120 steps of 10 s),
 *   with a fixed action and with a new random action every step;
 * - one PPO update (480 steps, 10 epochs of minibatch 64) on tfjs's wasm and cpu backends;
 * - PPO rollouts of `--episodes` episodes on the main thread and on a pool of `--workers` threads.
 */
import { parseArgs } from 'node:util';
import { createRolloutPool, useTfBackend } from '../src/node/train/index.js';
import { stream } from '../src/random/streams.js';
import { createEnv, initNetwork, localRunner, maskedChoice, trainPpo, type EpisodeJob } from '../src/rl/index.js';

const { values: args } = parseArgs({ options: { episodes: { type: 'string', default: '8' }, workers: { type: 'string', default: '2' } } });
const scenario = { seed: 1, durationS: 1200, pipeline: 'video', workload: { type: 'trace', name: 'fluctuating' }, cluster: { cores: 48 } };
const now = () => performance.now();

const env = await createEnv(scenario, { reward: 'opd' });
const zeros = new Array<number>(env.layout.nvec.reduce((a, b) => a + b, 0)).fill(0);
const u = stream(1, 'bench');
for (const mode of ['fixed', 'random'] as const) {
  let steps = 0;
  let best = Infinity;
  for (let rep = 0; rep < 4; rep++) {
    const t0 = now();
    env.reset({ seed: rep });
    const fixed = env.encode([{ variant: 'yolov5s', batch: 4, replicas: 4 }, { variant: 'resnet34', batch: 4, replicas: 2 }]);
    for (;;) {
      const a = mode === 'fixed' ? fixed : maskedChoice(env.layout, zeros, env.totalCores, { kind: 'sample', uniform: u }).action;
      const r = env.step(a);
      steps++;
      if (r.terminated) break;
    }
    best = Math.min(best, now() - t0);
  }
  console.log(`env ${mode} action: best episode ${best.toFixed(0)} ms (${((env.episodeSteps / best) * 1000).toFixed(0)} steps/s)`);
}

for (const backend of ['wasm', 'cpu'] as const) {
  await useTfBackend(backend);
  const t0 = now();
  let update = 0;
  await trainPpo(scenario, { episodes: 8, expertEvery: 0, onUpdate: () => (update = now()) });
  const total = now() - t0;
  console.log(`PPO on ${backend}: 8 episodes + 2 updates in ${(total / 1000).toFixed(1)} s (last update finished ${(update - t0) / 1000} s in)`);
}

const n = Number(args.episodes);
const workers = Number(args.workers);
const net = initNetwork({ inputSize: env.observationSpace.shape[0], outputs: zeros.length }, stream(1, 'init'));
const jobs: EpisodeJob[] = Array.from({ length: n }, (_, e) => ({ episode: e, seed: `b:${e}`, actor: 'learner' }));
// Each runner plays the jobs twice; the second (warm: modules compiled, JIT done) is timed.
const local = localRunner(env, { name: 'ipa' });
await local.run(net, jobs);
let t0 = now();
await local.run(net, jobs);
const seq = now() - t0;
const pool = await createRolloutPool({ workers })(env, { name: 'ipa' });
await pool.run(net, jobs);
t0 = now();
await pool.run(net, jobs);
const par = now() - t0;
await pool.close();
console.log(`rollouts of ${n} episodes: main thread ${(seq / 1000).toFixed(2)} s, ${workers} workers ${(par / 1000).toFixed(2)} s (x${(seq / par).toFixed(2)})`);
