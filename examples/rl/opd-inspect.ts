/**
 * Retrains one seed of `opd-steady-low.ts` (same settings) and lists what its policy does on the
 * evaluation run: each configuration it deployed and when, then the run's requests, drops and SLA
 * violations. docs/learning.md quotes it for seed 5.
 *
 *     npx tsx examples/rl/opd-inspect.ts [--seed 5] [--episodes 200]
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { simulate, trainPpo, type PolicySpec } from 'infersim';
import { useTfBackend } from 'infersim/node';
import { opdScenario, opdTrainOptions } from './opd-lib.js';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '5' }, episodes: { type: 'string', default: '200' } } });
const seed = Number(values.seed);
const episodes = Number(values.episodes);
if (![seed, episodes].every((x) => Number.isInteger(x) && x >= 1)) {
  process.stderr.write('opd-inspect.ts: --seed and --episodes must be positive integers\n');
  process.exit(2);
}
await useTfBackend('wasm');
const { model } = await trainPpo(opdScenario(seed), opdTrainOptions(seed, episodes));
const run = await simulate(opdScenario(1000 + seed, { name: 'ppo', model } as PolicySpec));
console.log(`seed ${seed}, ${episodes} episodes; evaluation seed ${1000 + seed}: configurations deployed`);
for (const d of run.decisions) console.log(`  t = ${d.t} s: ${d.config.map((c) => `${c.variant} batch ${c.batch} x ${c.replicas}`).join(' | ')}`);
const s = run.summary;
console.log(`requests ${s.requests}, completed ${s.completed}, dropped ${s.dropped} (${((100 * s.dropped) / s.requests).toFixed(1)} %), SLA violations ${(100 * s.slaViolationRate).toFixed(2)} %, mean cores ${s.costCores.toFixed(2)}`);
