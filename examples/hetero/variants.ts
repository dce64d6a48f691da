/**
 * Loki with per-variant branching and path-aware routing against its MostAccurateFirst form and the
 * baselines (static GPU, InferLine, energy-slo), on `traffic-graph` with crops per frame that depend
 * on the detector variant (`variants-lib.ts`), under IPA's bursty workload on the comparison's
 * cluster (compare-lib.ts). Prints and writes `variants-table.md` (seed 1), `variants-seeds.md`
 * (SLA violations and dynamic energy over seeds 1..N, 95 % intervals) and `variants.json`.
 *
 *     npx tsx examples/hetero/variants.ts [--minutes 20] [--seeds 5] [--out DIR]
 *
 * @module
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runRow, writeResults, type Row } from './compare-lib.js';
import { VARIANT_ENTRIES, variantPipeline } from './variants-lib.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '20' },
    seeds: { type: 'string', default: '5' },
    out: { type: 'string', default: join(import.meta.dirname, 'results') },
  },
});
const minutes = Number(values.minutes);
const seeds = Number(values.seeds);
if (!(minutes > 1) || !Number.isInteger(seeds) || seeds < 1) {
  process.stderr.write('variants.ts: --minutes must be > 1 and --seeds a positive integer\n');
  process.exit(2);
}

const pipeline = variantPipeline();
const rows: Row[] = [];
for (let seed = 1; seed <= seeds; seed++) {
  for (const e of VARIANT_ENTRIES) {
    rows.push(await runRow(pipeline.name!, e, seed, minutes, pipeline));
    process.stderr.write(`seed ${seed} ${e.label}: done\n`);
  }
}
writeResults(values.out!, rows, { minutes, seeds }, { prefix: 'variants-', json: 'variants.json' });
