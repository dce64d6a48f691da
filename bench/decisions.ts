/**
 * What adaptive decisions cost. Not a test: run `npx tsx bench/decisions.ts [--repeats N] [--dist]`.
 * `--dist` runs part 1 on the built package (`npm run build` first), as a user of the package runs
 * it, instead of the sources through tsx.
 *
 * 1. One day of the full Twitter trace (day 0, damped /8 as `bench/core.ts`) through IPA's video
 *    pipeline, static configuration vs IPA (its video settings and LSTM predictor, dp solver), runs
 *    interleaved, median wall time of each and their ratio, and the policy's share (the sum of the
 *    simulator's per-decision wall times); and IPA's configurations replayed without deciding them
 *    (what the simulation of IPA's configurations costs by itself). Also each run's CPU time (user +
 *    system of this process, `process.cpuUsage`), steadier than wall time on a loaded machine, and
 *    its simulation events (IPA's small batches are more batch events: work the replay does too);
 *    and the median of each repeat's own ratios to static (its three runs are back to back).
 * 2. One IPA decision (building the allocation problem from the policy's candidate table, solving
 *    it with the exact `dp` solver) on a synthetic pipeline of 9 stages x 9 variants x 7 batch sizes
 *    (1-64): median wall ms over many loads.
 */
import type { PipelineConfig, Scenario } from '../src/index.js';
import { dpSolver, problemBuilder, solveAllocation } from '../src/policies/solvers/index.js';
import type { AccuracyMethod } from '../src/policies/solvers/types.js';
import { syntheticPipeline, syntheticSlaMs } from './synthetic.js';

const args = process.argv.slice(2);
const repeatsAt = args.indexOf('--repeats');
const repeats = repeatsAt >= 0 ? Number(args[repeatsAt + 1]) : 3;
const fromDist = args.includes('--dist');
// The built bundles export the same API as the sources; their paths are variables so that
// type-checking does not need a build.
const distDir = '../dist/esm';
const lib = (fromDist ? await import(`${distDir}/index.js`) : await import('../src/index.js')) as typeof import('../src/index.js');
const nodeLib = (fromDist ? await import(`${distDir}/node.js`) : await import('../src/node/index.js')) as typeof import('../src/node/index.js');
const { dampTrace, getPolicyFactory, ipaRunOptions, registerPolicy, simulate } = lib;
const { loadTwitterTrace } = nodeLib;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// 1. Twitter day, static vs IPA.
const day = dampTrace(loadTwitterTrace().slice(0, 86_400), 8);
const base: Omit<Scenario, 'policy'> = {
  seed: 1,
  durationS: 86_400,
  pipeline: 'video',
  workload: { type: 'trace', rps: day },
  serving: { serviceDist: { type: 'lognormal', cv: 0.2 } },
};
const runs: Record<string, Scenario> = {
  static: { ...base, policy: { name: 'static', config: [{ variant: 'yolov5n', batch: 8, replicas: 6 }, { variant: 'resnet18', batch: 8, replicas: 2 }] } },
  ipa: { ...base, policy: { name: 'ipa', ...ipaRunOptions('video') } },
};
// IPA's own decisions, replayed by a policy that only returns them: the simulation of IPA's
// configurations without the cost of deciding them (observing and applying included).
const ipaConfigs: PipelineConfig[] = [];
registerPolicy('ipa-recorded', async (options, context) => {
  const ipa = await getPolicyFactory('ipa')!(options, context);
  return { name: 'ipa-recorded', decide: (obs) => { const c = ipa.decide(obs)!; ipaConfigs.push(c); return c; } };
});
await simulate({ ...base, policy: { name: 'ipa-recorded', ...ipaRunOptions('video') } });
let replayAt = 0;
registerPolicy('ipa-replayed', () => ({ name: 'ipa-replayed', decide: () => ipaConfigs[replayAt++] }));
runs.replay = { ...base, policy: { name: 'ipa-replayed' } };
const wall: Record<string, number[]> = { static: [], ipa: [], replay: [] };
const cpu: Record<string, number[]> = { static: [], ipa: [], replay: [] };
const policyMs: number[] = [];
const events: Record<string, number> = {};
let decisions = 0;
for (let r = 0; r < repeats; r++) {
  for (const [name, scenario] of Object.entries(runs)) {
    replayAt = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await simulate(scenario);
    wall[name].push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu[name].push((c.user + c.system) / 1000);
    events[name] = result.summary.events;
    if (name === 'ipa') {
      policyMs.push(result.timing.decisionMs.reduce((a, b) => a + b, 0));
      decisions = result.timing.decisionMs.length;
    }
  }
}
const [ms, mi, mr] = [median(wall.static), median(wall.ipa), median(wall.replay)];
// Each repeat's own ratios (its runs are back to back), whose median moves less with a load that
// changes over the minutes of the whole measurement than the ratio of the medians.
const paired = (run: string, of: Record<string, number[]>) => median(of[run].map((t, r) => t / of.static[r]));
const [cs, ci, cr] = [median(cpu.static), median(cpu.ipa), median(cpu.replay)];
console.log('Twitter day 0 (/8), video pipeline,', fromDist ? 'built package (dist/),' : 'sources,', 'median of', repeats, 'interleaved runs:');
const ev = (name: string) => `${(events[name] / 1e6).toFixed(2)} M`;
console.log('| run | wall s (median) | policy decisions | in decide() s | vs static | CPU s (median) | CPU vs static | events |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
console.log(`| static | ${(ms / 1000).toFixed(2)} | - | - | 1.00 | ${(cs / 1000).toFixed(2)} | 1.00 | ${ev('static')} |`);
console.log(`| IPA's configurations replayed (no deciding) | ${(mr / 1000).toFixed(2)} | ${decisions} | - | ${(mr / ms).toFixed(2)} | ${(cr / 1000).toFixed(2)} | ${(cr / cs).toFixed(2)} | ${ev('replay')} |`);
console.log(`| IPA (dp, LSTM) | ${(mi / 1000).toFixed(2)} | ${decisions} | ${(median(policyMs) / 1000).toFixed(2)} | ${(mi / ms).toFixed(2)} | ${(ci / 1000).toFixed(2)} | ${(ci / cs).toFixed(2)} | ${ev('ipa')} |`);
console.log(
  `Median of each repeat's own ratio to static: replayed ${paired('replay', wall).toFixed(2)} (CPU ${paired('replay', cpu).toFixed(2)}), IPA ${paired('ipa', wall).toFixed(2)} (CPU ${paired('ipa', cpu).toFixed(2)}).`,
);

// 2. One decision on 9 stages x 9 variants x 7 batch sizes.
const batches = [1, 2, 4, 8, 16, 32, 64];
const p = syntheticPipeline(9, 9, batches);
const current = p.stages.map((st) => ({ variant: st.variants[0].name, batch: 1 }));
const objectives: { label: string; accuracyMethod: AccuracyMethod; normalizeAccuracy: boolean; alpha: number; totalCores: number }[] = [
  { label: "IPA's video objective (sum of ranks), unbounded cluster", accuracyMethod: 'sum', normalizeAccuracy: true, alpha: 2, totalCores: Infinity },
  { label: 'product of raw accuracies (alpha 20), 6 cores per stage', accuracyMethod: 'product', normalizeAccuracy: false, alpha: 20, totalCores: 54 },
];
console.log('\nOne decision (build + dp solve), 9 stages x 9 variants x 7 batch sizes (63 options per stage), median ms:');
console.log('| objective | 5 rps | 20 rps | 60 rps |');
console.log('|---|---:|---:|---:|');
for (const o of objectives) {
  const build = problemBuilder(p, {
    slaMs: syntheticSlaMs(p),
    weights: { alpha: o.alpha, beta: 1, gamma: 1e-6 },
    accuracyMethod: o.accuracyMethod,
    normalizeAccuracy: o.normalizeAccuracy,
    scalingCap: 100,
    maxBatchWaitMs: 1000,
  });
  const cells: string[] = [];
  for (const rps of [5, 20, 60]) {
    const times: number[] = [];
    for (let i = 0; i < 31; i++) {
      const t0 = performance.now();
      solveAllocation(build({ lambdaRps: rps, totalCores: o.totalCores, current }), dpSolver);
      if (i >= 5) times.push(performance.now() - t0);
    }
    cells.push(median(times).toFixed(2));
  }
  console.log(`| ${o.label} | ${cells.join(' | ')} |`);
}
