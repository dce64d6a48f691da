/**
 * Tabular Q-learning (seed 000) as a reproducible table: per seed, (a) on the two-stage pipeline of
 * the tests, whether the trained table's greedy policy walks to the exact IPA optimum; (b) on IPA's
 * video pipeline, trained on one OPD workload at a time and evaluated on it with a seed no training
 * episode used, its cost, QoS and SLA violations next to IPA's and Greedy's on the same evaluation
 * seeds. Used by `qlearning-table.ts` (the CLI that writes what docs/learning.md quotes) and by the
 * test that reruns a seed.
 *
 * @module
 */
import { bundledPipelines } from 'infersim';
import { meanCI } from 'infersim';
import { solvers, type PolicySpec, type Scenario } from 'infersim';
import type { PipelineProfile } from 'infersim';
import { scoreRun } from 'infersim';
import { trainQLearning } from 'infersim';
import { simulate } from 'infersim';
import { smallPipeline, smallScenario } from '../../test/rl/fixtures.js';

const { buildProblem, dpSolver, solveAllocation } = solvers;

/** IPA's weights on the small pipeline: accuracy is worth paying for, so the optimum is not the cheapest configuration. */
const SMALL_WEIGHTS = { alpha: 10, beta: 1, gamma: 0.1 };

/** One seed on the small pipeline. */
export interface SmallRow {
  seed: number;
  /** The greedy policy's configuration at the end of a 300 s run equals IPA's optimum. */
  converged: boolean;
  /** When it first deployed IPA's optimum, s (NaN: never). */
  reachedAtS: number;
  /** Mean reward per step of the last 50 training episodes. */
  lastReward: number;
}

/** IPA's optimum on the small pipeline at its 12 requests/s. */
export function smallOptimum() {
  const problem = buildProblem(smallPipeline, { lambdaRps: 12, slaMs: 1000, totalCores: 12, weights: SMALL_WEIGHTS, accuracyMethod: 'product', normalizeAccuracy: false, scalingCap: 2, maxBatchWaitMs: 1000 });
  return solveAllocation(problem, dpSolver).config;
}

/** Trains on the small pipeline with `seed` (the settings of test/rl/qlearning.test.ts) and runs the greedy policy. */
export async function smallRow(seed: number, episodes = 400): Promise<SmallRow> {
  const { table, curve } = await trainQLearning(smallScenario(100), {
    episodes,
    seed,
    maxReplicas: 2,
    learningRate: 0.5,
    discount: 0.9,
    loadBucketRps: 20,
    initialConfig: 'random',
    reward: { type: 'seed', accuracyWeight: SMALL_WEIGHTS.alpha, costWeight: SMALL_WEIGHTS.beta, batchWeight: SMALL_WEIGHTS.gamma },
  });
  const optimum = JSON.stringify(smallOptimum());
  const run = await simulate({ ...smallScenario(300), policy: { name: 'qlearning', table } });
  const first = run.decisions.find((d) => JSON.stringify(d.config) === optimum);
  const tail = curve.slice(-50);
  return {
    seed,
    converged: JSON.stringify(run.decisions.at(-1)!.config) === optimum,
    reachedAtS: first ? first.t : NaN,
    lastReward: tail.reduce((a, p) => a + p.meanReward, 0) / tail.length,
  };
}

/** OPD's three workloads (IPA's Twitter traces). */
export const WORKLOADS = ['steady_low', 'fluctuating', 'steady_high'] as const;

/** One policy on one workload for one seed, on the video pipeline. */
export interface VideoRow {
  workload: string;
  policy: string;
  seed: number;
  costCores: number;
  qos: number;
  accuracy: number;
  slaViolationPct: number;
}

const videoScenario = (workload: string, seed: number, policy: PolicySpec = { name: 'static', config: [] }): Scenario => ({
  name: `video/${workload}`,
  seed,
  durationS: 1200,
  pipeline: 'video',
  workload: { type: 'trace', name: workload },
  cluster: { cores: 48 },
  policy,
});

/**
 * Trains Q-learning on one workload with `seed` (the settings of examples/rl/compare.ts: the seed's
 * reward with IPA's video weights, 10 requests/s load buckets, learning rate 0.2) and evaluates it,
 * IPA and Greedy on evaluation seed 1000 + `seed`.
 */
export async function videoRows(workload: string, seed: number, episodes: number): Promise<VideoRow[]> {
  const q = await trainQLearning([videoScenario(workload, seed)], { episodes, seed, reward: 'seed', loadBucketRps: 10, learningRate: 0.2 });
  const rows: VideoRow[] = [];
  const policies: [string, PolicySpec][] = [
    ['IPA', { name: 'ipa' }],
    ['Greedy', { name: 'greedy' }],
    ['Q-learning', { name: 'qlearning', table: q.table }],
  ];
  for (const [label, spec] of policies) {
    const result = await simulate(videoScenario(workload, 1000 + seed, spec));
    const s = scoreRun(result, bundledPipelines.video as PipelineProfile, { policy: label, scenario: workload });
    rows.push({ workload, policy: label, seed, costCores: s.costCores, qos: s.qos, accuracy: s.accuracy, slaViolationPct: 100 * s.slaViolationRate });
  }
  return rows;
}

const f = (x: number, k: number) => (Number.isFinite(x) ? x.toFixed(k) : '-');
const ci = (xs: number[], k: number) => {
  const m = meanCI(xs);
  return m.n > 1 ? `${f(m.mean, k)} [${f(m.ciLow, k)}, ${f(m.ciHigh, k)}]` : f(m.mean, k);
};

/** The small pipeline's table: one row per seed and a summary line. */
export function formatSmall(rows: readonly SmallRow[], episodes: number): string {
  return [
    `| seed | greedy policy ends at IPA's optimum | first reached at (s) | mean reward per step, last 50 of ${episodes} episodes |`,
    '|---|---|---:|---:|',
    ...rows.map((r) => `| ${r.seed} | ${r.converged ? 'yes' : 'no'} | ${f(r.reachedAtS, 0)} | ${f(r.lastReward, 3)} |`),
    `| all | ${rows.filter((r) => r.converged).length} of ${rows.length} | | ${ci(rows.map((r) => r.lastReward), 3)} |`,
  ].join('\n');
}

/** The video table: per workload and policy, mean [95 % CI] over the seeds. */
export function formatVideo(rows: readonly VideoRow[]): string {
  const out = ['| workload | policy | seeds | cost (mean cores) | QoS (OPD Q) | accuracy | SLA violations % |', '|---|---|---:|---:|---:|---:|---:|'];
  for (const w of WORKLOADS) {
    for (const p of ['IPA', 'Greedy', 'Q-learning']) {
      const g = rows.filter((r) => r.workload === w && r.policy === p);
      if (!g.length) continue;
      out.push(`| ${w} | ${p} | ${g.length} | ${ci(g.map((r) => r.costCores), 2)} | ${ci(g.map((r) => r.qos), 2)} | ${ci(g.map((r) => r.accuracy), 4)} | ${ci(g.map((r) => r.slaViolationPct), 2)} |`);
    }
  }
  return out.join('\n');
}
