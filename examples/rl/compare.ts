/**
 * Trains both learning policies on IPA's video pipeline and compares them with IPA, Greedy and
 * Random on OPD's three workloads (steady low, fluctuating, steady high), reporting what OPD's
 * Figs. 4-6 report: cost (mean cores), QoS (OPD's Q per interval), accuracy, SLA violations and
 * decision time.
 *
 * ```
 * npx tsx examples/rl/compare.ts [--q-episodes 2000] [--ppo-episodes 400] [--workers 0]
 *     [--imitation 0] [--out examples/rl/results]
 *
 * PPO runs OPD's setup: OPD's state (no extra features), OPD's reward (our weights, V the raw
 * accuracies as OPD's Eq. 1 reads, L observed as in opd-lib.ts), IPA acting every 5th episode and
 * no imitation term (`--imitation 1` adds ours: an IPA imitator), the model the checkpoint whose
 * deployed actions scored best on one validation episode per workload every second update.
 * ```
 *
 * Writes to `--out`: `qlearning/` and `ppo/` (trained policy, curve.json/csv, curve.vl.json and
 * curve.svg), `results.json` (every score and the training times) and `table.md` (the comparison
 * table pasted into docs/learning.md). About 5-8 minutes on a 2-core machine.
 *
 * Training and evaluation use the same three per-second traces (as OPD trains and evaluates on its
 * workload types); evaluation runs a seed no training episode used, so the within-second arrival
 * times differ.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundledPipelines, simulate } from 'infersim';
import { createRolloutPool, useTfBackend, writeTrainingOutputs } from 'infersim/node';
import { scoreRun, trainPpo, trainQLearning, type CurvePoint, type PolicySpec, type RunScore, type Scenario } from 'infersim';

const { values: args } = parseArgs({
  options: {
    'q-episodes': { type: 'string', default: '2000' },
    'ppo-episodes': { type: 'string', default: '400' },
    workers: { type: 'string', default: '0' },
    imitation: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'examples/rl/results' },
  },
});
const out = resolve(args.out!);
const seed = Number(args.seed);
const workloads = ['steady_low', 'fluctuating', 'steady_high'] as const;
/** A 48-core cluster: room for every policy, tight enough that masks and capacity matter. */
const scenario = (workload: string, runSeed: number, policy: PolicySpec = { name: 'static', config: [] }): Scenario => ({
  name: `video/${workload}`,
  seed: runSeed,
  durationS: 1200,
  pipeline: 'video',
  workload: { type: 'trace', name: workload },
  cluster: { cores: 48 },
  policy,
});
const training = workloads.map((w) => scenario(w, seed));
/** OPD's reward with L observed (see opd-lib.ts); QoS in the table is its Q. */
const reward = { observedLatency: true };

/** Mean of the learner's mean reward per step over the last `n` learner episodes. */
const tail = (curve: CurvePoint[], n = 30) => {
  const xs = curve.filter((p) => p.actor === 'learner').slice(-n);
  return xs.reduce((a, p) => a + p.meanReward, 0) / xs.length;
};
const log = (s: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

log(`Q-learning: ${args['q-episodes']} episodes`);
const q = await trainQLearning(training, {
  episodes: Number(args['q-episodes']),
  seed,
  // The seed's reward with IPA's video weights (alpha 2, beta 1, gamma 1e-6) and its penalty.
  reward: 'seed',
  // Wide load buckets and a larger step: the video pipeline has ~57,000 configurations per bucket,
  // and every bucket is learnt separately. Episodes start where the policy will: the cheapest
  // configuration.
  loadBucketRps: 10,
  learningRate: 0.2,
  onEpisode: (p) => p.episode % 250 === 249 && log(`  q episode ${p.episode + 1}: mean reward ${p.meanReward.toFixed(2)} (epsilon ${p.epsilon!.toFixed(3)})`),
});
await writeTrainingOutputs(join(out, 'qlearning'), { kind: 'qlearning', policy: q.table, curve: q.curve });
log(`  done in ${(q.wallMs / 1000).toFixed(0)} s, ${Object.keys(q.table.q).length} states`);

const backend = await useTfBackend('wasm');
const workers = Number(args.workers);
log(`PPO (OPD): ${args['ppo-episodes']} episodes on tfjs-${backend}${workers ? ` with ${workers} rollout workers` : ''}`);
const p = await trainPpo(training, {
  episodes: Number(args['ppo-episodes']),
  seed,
  reward: { type: 'opd', ...reward },
  expertEvery: 5,
  imitationCoef: Number(args.imitation),
  validateEvery: 2,
  validationEpisodes: workloads.length,
  features: { extras: false },
  runner: workers ? createRolloutPool({ workers }) : undefined,
  onEpisode: (pt) => pt.episode % 50 === 49 && log(`  ppo episode ${pt.episode + 1}: mean reward ${pt.meanReward.toFixed(2)}`),
});
await writeTrainingOutputs(join(out, 'ppo'), { kind: 'ppo', policy: p.model, curve: p.curve });
log(`  done in ${(p.wallMs / 1000).toFixed(0)} s`);

const policies: [string, PolicySpec][] = [
  ['IPA', { name: 'ipa' }],
  ['Greedy', { name: 'greedy' }],
  ['Random', { name: 'random' }],
  ['Q-learning', { name: 'qlearning', table: q.table }],
  ['PPO (OPD)', { name: 'ppo', model: p.model }],
];
const evalSeed = 1000 + seed;
const scores: RunScore[] = [];
for (const w of workloads) {
  for (const [label, spec] of policies) {
    const result = await simulate(scenario(w, evalSeed, spec));
    scores.push(scoreRun(result, bundledPipelines.video, { policy: label, scenario: w }, reward));
  }
  log(`evaluated ${w}`);
}

const fmt = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const lines = [
  '| workload | policy | cost (mean cores) | QoS (OPD Q) | accuracy | SLA violations | decision time (ms, mean / p99) |',
  '|---|---|---:|---:|---:|---:|---:|',
  ...scores.map((s) => `| ${s.scenario} | ${s.policy} | ${fmt(s.costCores, 2)} | ${fmt(s.qos, 2)} | ${fmt(s.accuracy, 4)} | ${fmt(100 * s.slaViolationRate, 2)} % | ${fmt(s.decisionMs, 3)} / ${fmt(s.decisionP99Ms, 3)} |`),
];
const table = lines.join('\n') + '\n';
writeFileSync(join(out, 'table.md'), table);
writeFileSync(
  join(out, 'results.json'),
  JSON.stringify(
    {
      seed,
      evalSeed,
      training: {
        qlearning: { episodes: q.curve.length, wallS: q.wallMs / 1000, states: Object.keys(q.table.q).length, lastMeanReward: tail(q.curve) },
        ppo: { episodes: p.curve.length, wallS: p.wallMs / 1000, backend, workers, imitationCoef: Number(args.imitation), reward, selected: p.model.training?.selected, lastMeanReward: tail(p.curve) },
      },
      scores,
    },
    null,
    1,
  ),
);
process.stdout.write('\n' + table);
log(`wrote ${out}`);
