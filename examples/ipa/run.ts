/**
 * Reproduces the IPA experiment (Figures 8-12 of the IPA paper): IPA, FA2-low, FA2-high and RIM on
 * the five bundled pipelines under the four Twitter workloads, each with the pipeline's IPA settings.
 *
 *     npx tsx examples/ipa/run.ts [--minutes 20] [--seeds 1] [--out DIR]
 *                                 [--pipelines video,nlp] [--workloads bursty] [--policies ipa,rim,ipa-energy]
 *                                 [--per-run]
 *
 * Prints one row per (pipeline, workload, policy): mean PAS, mean cores, SLA-violation rate, p99
 * latency and energy (means over the seeds), then the paper's shape checks; writes `runs.csv` (one
 * row per run), `cells.csv`, `tables.md` and `shapes.md` into `--out` (default
 * `examples/ipa/results`, or `examples/ipa/results/per-run` with `--per-run`, which applies the
 * settings IPA's individual run files changed: `perRunOverrides`). About 10 s per seed for the 80
 * runs of 20 minutes.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  aggregate,
  markdownShapes,
  markdownTables,
  PIPELINES,
  POLICIES,
  runOne,
  shapeChecks,
  textTable,
  toCsv,
  WORKLOADS,
  type RunRow,
} from './experiment.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '20' },
    seeds: { type: 'string', default: '1' },
    out: { type: 'string' },
    pipelines: { type: 'string', default: PIPELINES.join(',') },
    workloads: { type: 'string', default: WORKLOADS.join(',') },
    policies: { type: 'string', default: POLICIES.join(',') },
    'per-run': { type: 'boolean', default: false },
  },
});

/** A positive number from the command line, or a plain message and exit code 2. */
function positive(name: string, text: string, integer: boolean): number {
  const n = Number(text);
  if (!(n > 0) || (integer && !Number.isInteger(n))) {
    process.stderr.write(`run.ts: --${name}: expected a${integer ? ' positive integer' : ' number > 0'}, got ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return n;
}

const minutes = positive('minutes', values.minutes!, false);
const seeds = positive('seeds', values.seeds!, true);
const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
const [pipelines, workloads, policies] = [list(values.pipelines!), list(values.workloads!), list(values.policies!)];

const rows: RunRow[] = [];
const total = pipelines.length * workloads.length * policies.length * seeds;
const t0 = Date.now();
for (const pipeline of pipelines) {
  for (const workload of workloads) {
    for (const policy of policies) {
      for (let seed = 1; seed <= seeds; seed++) {
        rows.push(await runOne(pipeline, workload, policy, seed, minutes, values['per-run']));
        process.stderr.write(`\r${rows.length}/${total} runs, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      }
    }
  }
}
process.stderr.write('\n');

const cells = aggregate(rows);
const checks = shapeChecks(cells);
console.log(textTable(cells));
console.log('\nShape checks (per pipeline, means over the workloads):');
for (const c of checks) console.log(`  ${c.holds ? 'yes' : 'NO '}  ${c.pipeline.padEnd(10)} ${c.claim.padEnd(48)} ${c.detail}`);

const out = values.out ?? join(import.meta.dirname, 'results', values['per-run'] ? 'per-run' : '');
mkdirSync(out, { recursive: true });
// The command as given (without --out), so the tables say how to reproduce them.
const args = process.argv.slice(2).filter((a, i, all) => a !== '--out' && all[i - 1] !== '--out' && !a.startsWith('--out='));
const header = `Measured by \`npx tsx examples/ipa/run.ts${args.length ? ' ' + args.join(' ') : ''}\`: ${minutes} min per run, seeds 1-${seeds}, means over seeds.\n\n`;
writeFileSync(join(out, 'runs.csv'), toCsv(rows));
writeFileSync(join(out, 'cells.csv'), toCsv(cells));
writeFileSync(join(out, 'tables.md'), header + markdownTables(cells));
writeFileSync(join(out, 'shapes.md'), header + markdownShapes(checks) + '\n');
console.log(`\n${rows.length} runs in ${((Date.now() - t0) / 1000).toFixed(0)} s; tables in ${out}`);
