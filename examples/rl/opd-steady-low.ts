/**
 * OPD's comparison under steady low load in OPD's own setup (see opd-lib.ts): per training seed,
 * PPO with expert guidance trained on the sum-qa pipeline on three 10-core machines, then PPO,
 * Greedy and IPA evaluated on a seed no training episode used; mean and 95 % interval over seeds.
 *
 *     npx tsx examples/rl/opd-steady-low.ts [--seeds 5] [--episodes 200] [--check-episodes 4]
 *         [--latency observed|model] [--workload steady_low|fluctuating|steady_high] [--out examples/rl/results]
 *
 * `--latency` picks the reading of OPD's L (opd-lib.ts): `observed` (default) writes
 * `opd-steady-low.*`, `model` writes `opd-steady-low-model.*`; `--workload fluctuating` (or
 * `steady_high`) trains and evaluates on that trace instead (`opd-fluctuating.*`, ...; the
 * optimum below stays steady low's). Writes `<name>.md` (the table
 * docs/learning.md quotes), `<name>-seeds.md` (per seed: PPO's cost and SLA violations, selected
 * checkpoint and last weights) and `<name>.json` (every row, training times, the model reading's
 * optimum at the trace's mean load, and a small case, seed 1 with `--check-episodes` episodes, that
 * test/rl/doc-learning.test.ts reruns) to `--out`.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { useTfBackend } from 'infersim/node';
import { formatOpd, formatOpdSeeds, opdLstm, opdRows, OPD_REWARDS, OPD_WORKLOADS, rewardOptimum, type LatencyReading, type OpdRow, type OpdWorkload } from './opd-lib.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    episodes: { type: 'string', default: '200' },
    latency: { type: 'string', default: 'observed' },
    workload: { type: 'string', default: 'steady_low' },
    'check-episodes': { type: 'string', default: '4' },
    out: { type: 'string', default: join(import.meta.dirname, 'results') },
  },
});
const seeds = Number(values.seeds);
const episodes = Number(values.episodes);
const checkEpisodes = Number(values['check-episodes']);
if (![seeds, episodes, checkEpisodes].every((x) => Number.isInteger(x) && x >= 1)) {
  process.stderr.write('opd-steady-low.ts: --seeds, --episodes and --check-episodes must be positive integers\n');
  process.exit(2);
}
if (!(values.latency! in OPD_REWARDS)) {
  process.stderr.write(`opd-steady-low.ts: --latency must be one of ${Object.keys(OPD_REWARDS).join(', ')}, got "${values.latency}"\n`);
  process.exit(2);
}
if (!(OPD_WORKLOADS as readonly string[]).includes(values.workload!)) {
  process.stderr.write(`opd-steady-low.ts: --workload must be one of ${OPD_WORKLOADS.join(', ')}, got "${values.workload}"\n`);
  process.exit(2);
}
const reading = values.latency as LatencyReading;
const workload = values.workload as OpdWorkload;
const name = `opd-${workload.replace('_', '-')}${reading === 'observed' ? '' : `-${reading}`}`;
const backend = await useTfBackend('wasm');
const lstm = opdLstm();
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const rows: OpdRow[] = [];
const training: { seed: number; selectedEpisode: number; trainS: number; learnerReward: number; expertReward: number }[] = [];
for (let s = 1; s <= seeds; s++) {
  const r = await opdRows(s, episodes, { lstm, log, reading, workload });
  rows.push(...r.rows);
  training.push({ seed: s, selectedEpisode: r.selectedEpisode, trainS: r.trainS, learnerReward: r.learnerReward, expertReward: r.expertReward });
  log(`seed ${s}: trained in ${r.trainS.toFixed(0)} s; ${r.rows.map((x) => `${x.policy} ${x.costCores.toFixed(2)} cores`).join(', ')}`);
}
const check = await opdRows(1, checkEpisodes, { lstm, reading, workload });
const table = formatOpd(rows);
const perSeed = formatOpdSeeds(rows, training);
// Steady low's per-second trace averages 5.06 requests/s.
const optimum = { rankV: rewardOptimum(5.06), rawV: rewardOptimum(5.06, {}) };
console.log(table);
console.log(perSeed);
console.log(`model reading's reward optimum at 5.06 requests/s: ${optimum.rankV.cores} cores (V rank-normalised), ${optimum.rawV.cores} cores (V raw)`);
mkdirSync(values.out!, { recursive: true });
writeFileSync(join(values.out!, `${name}.md`), `${table}\n`);
writeFileSync(join(values.out!, `${name}-seeds.md`), `${perSeed}\n`);
writeFileSync(
  join(values.out!, `${name}.json`),
  `${JSON.stringify({ seeds, episodes, workload, latency: reading, reward: OPD_REWARDS[reading], backend, node: process.version, lstm: lstm.training?.testErrors, rows, training, optimum, check: { seed: 1, episodes: checkEpisodes, rows: check.rows } }, null, 1)}\n`,
);
