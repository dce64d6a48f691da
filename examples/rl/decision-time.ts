/**
 * OPD's decision-time figure: IPA's and PPO's decision wall time on four pipelines of growing size
 * (see decision-time-lib.ts). Writes `results/decision-time.md` and `.json`.
 *
 *     npx tsx examples/rl/decision-time.ts [--decisions 60] [--out examples/rl/results]
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDecisionTimes, measureDecisionTimes } from './decision-time-lib.js';

const { values } = parseArgs({ options: { decisions: { type: 'string', default: '60' }, out: { type: 'string', default: join(import.meta.dirname, 'results') } } });
const decisions = Number(values.decisions);
if (!Number.isInteger(decisions) || decisions < 5) {
  process.stderr.write('decision-time.ts: --decisions must be an integer >= 5\n');
  process.exit(2);
}
const rows = await measureDecisionTimes(decisions);
const table = formatDecisionTimes(rows);
console.log(table);
mkdirSync(values.out!, { recursive: true });
writeFileSync(join(values.out!, 'decision-time.md'), `${table}\n`);
writeFileSync(join(values.out!, 'decision-time.json'), `${JSON.stringify({ decisions, node: process.version, rows }, null, 2)}\n`);
