/**
 * Tabular Q-learning (seed 000), reproducibly: seeds 1..N on the small two-stage pipeline (does the
 * greedy policy reach IPA's exact optimum?) and on IPA's video pipeline per OPD workload (cost, QoS,
 * SLA violations with 95 % intervals, next to IPA and Greedy). See qlearning-table-lib.ts.
 *
 *     npx tsx examples/rl/qlearning-table.ts [--seeds 3] [--small-seeds 5] [--episodes 400] [--out examples/rl/results]
 *
 * Writes `qlearning-small.md`, `qlearning-video.md` and `qlearning.json` to `--out`.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatSmall, formatVideo, smallRow, videoRows, WORKLOADS, type SmallRow, type VideoRow } from './qlearning-table-lib.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '3' },
    'small-seeds': { type: 'string', default: '5' },
    episodes: { type: 'string', default: '400' },
    out: { type: 'string', default: join(import.meta.dirname, 'results') },
  },
});
const seeds = Number(values.seeds);
const smallSeeds = Number(values['small-seeds']);
const episodes = Number(values.episodes);
if (![seeds, smallSeeds, episodes].every((x) => Number.isInteger(x) && x >= 1)) {
  process.stderr.write('qlearning-table.ts: --seeds, --small-seeds and --episodes must be positive integers\n');
  process.exit(2);
}
const small: SmallRow[] = [];
for (let s = 1; s <= smallSeeds; s++) small.push(await smallRow(s));
const video: VideoRow[] = [];
for (const w of WORKLOADS) {
  for (let s = 1; s <= seeds; s++) {
    video.push(...(await videoRows(w, s, episodes)));
    process.stderr.write(`${w} seed ${s}: done\n`);
  }
}
const a = formatSmall(small, 400);
const b = formatVideo(video);
console.log(`${a}\n\n${b}`);
mkdirSync(values.out!, { recursive: true });
writeFileSync(join(values.out!, 'qlearning-small.md'), `${a}\n`);
writeFileSync(join(values.out!, 'qlearning-video.md'), `${b}\n`);
writeFileSync(join(values.out!, 'qlearning.json'), `${JSON.stringify({ seeds, smallSeeds, episodes, node: process.version, small, video }, null, 1)}\n`);
