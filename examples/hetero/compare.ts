/**
 * Compares the heterogeneous-hardware policies on the two example pipelines of `profiles/hetero/`
 * (IPA's video variants with illustrative CPU, GPU and FPGA-like profiles; a chain and a detector ->
 * classifier graph) under IPA's bundled bursty Twitter workload, on a small cluster with one node of
 * each device type. Reports energy (idle + dynamic), SLA violations, accuracy, p99 latency and the
 * policies' decision times as the simulator measures them; with `--seeds N`, also SLA violations
 * and dynamic energy over seeds 1..N with 95 % intervals.
 *
 *     npx tsx examples/hetero/compare.ts [--minutes 20] [--seeds 5] [--policies inferline,ipa,...] [--out DIR]
 *
 * Policies: the built-in ones listed in `CANDIDATES` (compare-lib.ts) that are registered. Writes
 * `table.md` (seed 1), `seeds.md` (all seeds) and `results.json` to `--out` (default
 * `examples/hetero/results`). About a minute per seed on one core.
 *
 * @module
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getPolicyFactory } from 'infersim';
import { CANDIDATES, PIPELINES, runRow, writeResults, type Row } from './compare-lib.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '20' },
    seeds: { type: 'string', default: '5' },
    policies: { type: 'string' },
    out: { type: 'string', default: join(import.meta.dirname, 'results') },
  },
});

const minutes = Number(values.minutes);
const seeds = Number(values.seeds);
if (!(minutes > 1) || !Number.isInteger(seeds) || seeds < 1) {
  process.stderr.write('compare.ts: --minutes must be > 1 and --seeds a positive integer\n');
  process.exit(2);
}
const wanted = values.policies ? new Set(values.policies.split(',').map((s) => s.trim())) : undefined;
const entries = CANDIDATES.filter((e) => getPolicyFactory(e.name) !== undefined && (!wanted || wanted.has(e.name)));

const rows: Row[] = [];
for (let seed = 1; seed <= seeds; seed++) {
  for (const name of PIPELINES) {
    for (const e of entries.filter((x) => x.applies(name))) {
      rows.push(await runRow(name, e, seed, minutes));
      process.stderr.write(`seed ${seed} ${name} ${e.label}: done\n`);
    }
  }
}

writeResults(values.out!, rows, { minutes, seeds }, { prefix: '', json: 'results.json' });
