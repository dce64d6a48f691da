/**
 * OPD's comparison under steady low load in OPD's own setup (see opd-lib.ts): per training seed,
 * PPO with expert guidance trained on the sum-qa pipeline on three 10-core machines, then PPO,
 * Greedy and IPA evaluated on a seed no training episode used; mean and 95 % interval over seeds.
 *
 *     npx tsx examples/rl/opd-steady-low.ts [--seeds 5] [--episodes 120] [--check-episodes 4] [--out examples/rl/results]
 *
 * Writes `opd-steady-low.md` (the table docs/learning.md quotes) and `opd-steady-low.json` (every
 * row, training times, the reward's own optimum at the trace's mean load, and a small case, seed 1
 * with `--check-episodes` episodes, that test/rl/doc-learning.test.ts reruns) to `--out`.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { useTfBackend } from 'infersim/node';
import { formatOpd, opdLstm, opdRows, rewardOptimum, type OpdRow } from './opd-lib.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    episodes: { type: 'string', default: '120' },
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
const backend = await useTfBackend('wasm');
const lstm = opdLstm();
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const rows: OpdRow[] = [];
const training: { seed: number; trainS: number; learnerReward: number; expertReward: number }[] = [];
for (let s = 1; s <= seeds; s++) {
  const r = await opdRows(s, episodes, lstm, log);
  rows.push(...r.rows);
  training.push({ seed: s, trainS: r.trainS, learnerReward: r.learnerReward, expertReward: r.expertReward });
  log(`seed ${s}: trained in ${r.trainS.toFixed(0)} s; ${r.rows.map((x) => `${x.policy} ${x.costCores.toFixed(2)} cores`).join(', ')}`);
}
const check = await opdRows(1, checkEpisodes, lstm);
const table = formatOpd(rows);
// Steady low's per-second trace averages 5.06 requests/s.
const optimum = { rankV: rewardOptimum(5.06), rawV: rewardOptimum(5.06, {}) };
console.log(table);
console.log(`reward optimum at 5.06 requests/s: ${optimum.rankV.cores} cores (V rank-normalised), ${optimum.rawV.cores} cores (V raw)`);
mkdirSync(values.out!, { recursive: true });
writeFileSync(join(values.out!, 'opd-steady-low.md'), `${table}\n`);
writeFileSync(
  join(values.out!, 'opd-steady-low.json'),
  `${JSON.stringify({ seeds, episodes, backend, node: process.version, lstm: lstm.training?.testErrors, rows, training, optimum, check: { seed: 1, episodes: checkEpisodes, rows: check.rows } }, null, 1)}\n`,
);
