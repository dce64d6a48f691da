/**
 * Why a learned policy can fail the SLA under OPD's reward: three fixed configurations of OPD's
 * setup (opd-lib.ts) run through the environment for one evaluation episode, scored by both
 * readings of OPD's L (profiled and observed). The first serves slightly less than steady low's
 * mean load; the other two serve it.
 *
 *     npx tsx examples/rl/opd-reward-readings.ts [--out examples/rl/results]
 *
 * Writes `opd-reward-readings.md` (the table docs/learning.md quotes); test/rl/doc-learning.test.ts
 * reruns it (seconds, no training).
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rewardReadings, formatReadings } from './opd-readings-lib.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: join(import.meta.dirname, 'results') } } });
const table = formatReadings(await rewardReadings());
console.log(table);
mkdirSync(values.out!, { recursive: true });
writeFileSync(join(values.out!, 'opd-reward-readings.md'), `${table}\n`);
