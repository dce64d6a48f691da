/**
 * What one IPA decision costs, part by part. Not a test: run `npx tsx bench/decision-parts.ts
 * [--rounds N]` (sources; it reads the policy's internals, which the package does not export).
 *
 * Records the inputs of every decision of IPA on one day of the full Twitter trace (day 0, damped
 * /8, the video pipeline, as `bench/decisions.ts`): the arrivals the LSTM reads (the last 120 s)
 * and the planned load, cores and current configuration the problem is built for. Then, rounds
 * interleaved, replays the day's 8,640 decisions part by part: the LSTM predictor (a fresh one per
 * round, as a run makes, so its prefix memo starts empty), building the allocation problems from
 * IPA's candidate table (a fresh builder per round), and solving them with `dp` through
 * `solveAllocation`; and the two together as IPA's decision loop does them (dp's clear-optimum
 * shortcut taken from the candidate table, reusing a clear optimum found at another load where it
 * provably stands, else build and solve). Prints each part's median ms per day and us per decision,
 * and checks that every round predicted and chose the same as the run.
 */
import { createHash } from 'node:crypto';
import type { Scenario, StageConfig } from '../src/index.js';
import { dampTrace, getPolicyFactory, ipaRunOptions, registerPolicy, simulate } from '../src/index.js';
import { loadTwitterTrace } from '../src/node/index.js';
import { readOptions } from '../src/policies/options.js';
import { ipaOptionKeys, readIpaSettings, type IpaSettings } from '../src/policies/ipa-settings.js';
import { currentOf, ipaProblemParams, plannedLoad } from '../src/policies/allocation-policy.js';
import { problemBuilder, type LoadParams } from '../src/policies/solvers/build.js';
import { solveAllocation } from '../src/policies/solvers/solve.js';
import { createSolver } from '../src/policies/solvers/create-solver.js';
import { dpShortcutPlanner } from '../src/policies/solvers/dp-shortcut.js';
import { dpSolver } from '../src/policies/solvers/dp.js';
import { createPredictor } from '../src/predictors/create.js';
import type { PredictorSpec } from '../src/predictors/types.js';
import type { PolicyContext } from '../src/policies/types.js';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 9;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const hash = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 16);

// 1. Record the day's decisions and their inputs.
const runOptions = ipaRunOptions('video');
const predictorSpec = runOptions.predictor as PredictorSpec;
const histories: number[][] = [];
const loads: LoadParams[] = [];
const configs: StageConfig[][] = [];
let recorded: { settings: IpaSettings; context: PolicyContext } | undefined;
registerPolicy('ipa-inputs', async (options, context) => {
  const ipa = await getPolicyFactory('ipa')!(options, context);
  const r = readOptions('ipa', options, ipaOptionKeys);
  const settings = readIpaSettings(r, context);
  r.finish();
  recorded = { settings, context };
  const S = context.pipeline.stages.length;
  // A second predictor of the same spec gives the load the policy plans for (the policy's own is
  // not reachable from outside); both see the same windows, so they agree (checked below).
  const predictor = createPredictor(predictorSpec);
  return {
    name: 'ipa-inputs',
    decide: (obs) => {
      const h = obs.arrivalsPerSecond;
      histories.push(h.slice(Math.max(0, h.length - 120)));
      loads.push({ lambdaRps: plannedLoad(predictor, obs, settings.initialRps), totalCores: obs.capacity.totalCores, current: currentOf(obs, S) });
      const c = ipa.decide(obs)!;
      configs.push(c);
      return c;
    },
  };
});
const day = dampTrace(loadTwitterTrace().slice(0, 86_400), 8);
await simulate({ seed: 1, durationS: 86_400, pipeline: 'video', workload: { type: 'trace', rps: day }, serving: { serviceDist: { type: 'lognormal', cv: 0.2 } }, policy: { name: 'ipa-inputs', ...runOptions } } as Scenario);
const { settings, context } = recorded!;
const solver = await createSolver(settings.solver);
const expectedLoads = hash(loads.map((l) => l.lambdaRps));
const expectedConfigs = hash(configs);

// 2. The parts, rounds interleaved.
const ms: Record<'predict' | 'build' | 'solve' | 'decide', number[]> = { predict: [], build: [], solve: [], decide: [] };
let reused = 0;
for (let r = 0; r < rounds; r++) {
  const predictor = createPredictor(predictorSpec);
  const predicted = new Array<number>(histories.length);
  let t0 = performance.now();
  for (let i = 0; i < histories.length; i++) predicted[i] = plannedLoad(predictor, { arrivalsPerSecond: histories[i] } as never, settings.initialRps);
  ms.predict.push(performance.now() - t0);
  if (hash(predicted) !== expectedLoads) throw new Error('the replayed predictions differ from the run');
  const build = problemBuilder(context.pipeline, ipaProblemParams(settings, context));
  let built = 0;
  let solved = 0;
  const chosen: StageConfig[][] = [];
  // In chunks, so that the problems solved are recent ones (as in a run), not a day's worth in memory.
  for (let k = 0; k < loads.length; k += 64) {
    t0 = performance.now();
    const problems = loads.slice(k, k + 64).map((l) => build(l));
    built += performance.now() - t0;
    t0 = performance.now();
    for (const p of problems) chosen.push(solveAllocation(p, solver).config);
    solved += performance.now() - t0;
  }
  ms.build.push(built);
  ms.solve.push(solved);
  if (hash(chosen) !== expectedConfigs) throw new Error('the replayed decisions differ from the run');
  // As IPA's decision loop: the shortcut from the table (with dp), else build and solve.
  const params = ipaProblemParams(settings, context);
  const shortcut = solver === dpSolver ? dpShortcutPlanner(context.pipeline, params) : undefined;
  const build2 = problemBuilder(context.pipeline, params);
  const decided: StageConfig[][] = [];
  let both = 0;
  for (let k = 0; k < loads.length; k += 64) {
    const chunk = loads.slice(k, k + 64);
    t0 = performance.now();
    for (const l of chunk) decided.push((shortcut?.(l) ?? solveAllocation(build2(l), solver)).config);
    both += performance.now() - t0;
  }
  ms.decide.push(both);
  reused = shortcut?.reused ?? 0;
  if (hash(decided) !== expectedConfigs) throw new Error('the decisions as IPA takes them differ from the run');
}
const n = loads.length;
console.log(`IPA's ${n} decisions of Twitter day 0 (/8), video pipeline, part by part, median of ${rounds} rounds (the same predictions and choices as the run):`);
console.log('| part | ms per day | us per decision |');
console.log('|---|---:|---:|');
const parts = [
  ['predict', 'LSTM predictor (fresh per round)'],
  ['build', 'allocation problem from the candidate table'],
  ['solve', 'dp solve (solveAllocation)'],
  ['decide', "build + solve as IPA's decision loop takes them (dp shortcut from the table or a clear optimum reused, else both)"],
] as const;
for (const [part, label] of parts) {
  console.log(`| ${label} | ${median(ms[part]).toFixed(1)} | ${((median(ms[part]) / n) * 1000).toFixed(2)} |`);
}
console.log(`\nOf the ${n} decisions as IPA takes them, ${reused} reused a clear optimum the shortcut had found at another load.`);
