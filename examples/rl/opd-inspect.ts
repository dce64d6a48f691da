/**
 * Retrains one seed of `opd-steady-low.ts` (same settings) and lists what its policy does on the
 * evaluation run, for the selected checkpoint and for the last update's weights: each
 * configuration deployed and when, then the run's requests, drops and SLA violations.
 * docs/learning.md quotes it for seed 5 under the model reading of L.
 *
 *     npx tsx examples/rl/opd-inspect.ts [--seed 5] [--episodes 200] [--latency observed|model]
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { simulate, trainPpo, type PolicySpec, type PpoModel } from 'infersim';
import { useTfBackend } from 'infersim/node';
import { opdScenario, opdTrainOptions, OPD_REWARDS, type LatencyReading } from './opd-lib.js';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '5' }, episodes: { type: 'string', default: '200' }, latency: { type: 'string', default: 'observed' } } });
const seed = Number(values.seed);
const episodes = Number(values.episodes);
if (![seed, episodes].every((x) => Number.isInteger(x) && x >= 1) || !(values.latency! in OPD_REWARDS)) {
  process.stderr.write(`opd-inspect.ts: --seed and --episodes must be positive integers, --latency one of ${Object.keys(OPD_REWARDS).join(', ')}\n`);
  process.exit(2);
}
const reading = values.latency as LatencyReading;
await useTfBackend('wasm');
const trained = await trainPpo(opdScenario(seed), opdTrainOptions(seed, episodes, undefined, reading));
const selected = (trained.model.training as { selected?: { episodes: number } }).selected;
const models: [string, PpoModel][] = [
  [`selected checkpoint (after episode ${selected?.episodes ?? episodes})`, trained.model],
  ['last weights', { ...trained.model, network: trained.finalNetwork }],
];
console.log(`seed ${seed}, ${episodes} episodes, L ${reading}; evaluation seed ${1000 + seed}`);
for (const [label, model] of models) {
  const run = await simulate(opdScenario(1000 + seed, { name: 'ppo', model } as PolicySpec));
  console.log(`${label}: configurations deployed`);
  for (const d of run.decisions) console.log(`  t = ${d.t} s: ${d.config.map((c) => `${c.variant} batch ${c.batch} x ${c.replicas}`).join(' | ')}`);
  const s = run.summary;
  console.log(`  requests ${s.requests}, completed ${s.completed}, dropped ${s.dropped} (${((100 * s.dropped) / s.requests).toFixed(1)} %), SLA violations ${(100 * s.slaViolationRate).toFixed(2)} %, mean cores ${s.costCores.toFixed(2)}`);
}
