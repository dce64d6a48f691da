/**
 * Reproduces the IPA experiment (Figures 8-12 of the IPA paper): IPA, FA2-low, FA2-high and RIM on
 * the five bundled pipelines under the four Twitter workloads, each with the pipeline's IPA settings.
 *
 *     npx tsx examples/ipa/run.ts [--minutes 20] [--seeds 1] [--out DIR]
 *                                 [--pipelines video,nlp] [--workloads bursty] [--policies ipa,rim,ipa-energy]
 *                                 [--pipeline-settings] [--scale-keeps-initial-cpu] [--skip-figures]
 *
 * Prints one row per (pipeline, workload, policy): PAS (request-weighted), plotted PAS (per 10 s
 * decision, as IPA's figures), cores, plotted cores, SLA-violation rate, p99 latency and energy
 * (means over the seeds), then the paper's shape checks; writes `runs.csv` (one
 * row per run), `cells.csv`, `tables.md`, `shapes.md` and `paper-comparison.md` into `--out`
 * (default `examples/ipa/results`, or `examples/ipa/results/pipeline-settings` with
 * `--pipeline-settings`, which leaves out the settings IPA's individual runs changed:
 * `perRunOverrides`). About 10 s per seed for the 80 runs of 20 minutes. `--scale-keeps-initial-cpu`
 * gives the scale-only baselines (FA2) their run file's `initial_cpu_allocation` instead of the base
 * allocation IPA's code resets them to (`scale-baseline-cores.ts`; use it with `--out`).
 *
 * Unless `--skip-figures`, it also writes IPA's Figs. 8-16 as SVG into `<out>/figures/` (Figs. 8-12
 * and 15 from seed 1 of the runs above, Figs. 13, 14 and 16 from their own runs: `figures.ts`), with
 * `figures.md`, the values behind them next to the paper's stated numbers (`paper-values.json`).
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { renderSvg, writeFigure } from 'infersim/node';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  aggregate,
  markdownShapes,
  markdownTables,
  PIPELINES,
  POLICIES,
  runOneWithResult,
  shapeChecks,
  textTable,
  toCsv,
  WORKLOADS,
  type RunRow,
} from './experiment.js';
import { ablationRuns, ablationSpec, cdfRows, cdfSpec, decisionSpec, decisionTimes, e2eSpec, intervalRows, perSecondP99, preferenceRuns, preferenceSpec, type IntervalRow } from './figures.js';
import { figureFormula, profileOf } from './figure-metrics.js';
import { comparePaper, markdownAgreement, markdownComparison, orderAgreement, pipelineAgreement } from './paper.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '20' },
    seeds: { type: 'string', default: '1' },
    out: { type: 'string' },
    pipelines: { type: 'string', default: PIPELINES.join(',') },
    workloads: { type: 'string', default: WORKLOADS.join(',') },
    policies: { type: 'string', default: POLICIES.join(',') },
    'pipeline-settings': { type: 'boolean', default: false },
    'skip-figures': { type: 'boolean', default: false },
    'scale-keeps-initial-cpu': { type: 'boolean', default: false },
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

const figures = !values['skip-figures'];
const warmupS = Math.min(60, minutes * 30);
const rows: RunRow[] = [];
const intervals: IntervalRow[] = [];
const p99s: { pipeline: string; policy: string; value: number; share: number }[] = [];
const p99ByCell = new Map<string, number[]>();
const total = pipelines.length * workloads.length * policies.length * seeds;
const t0 = Date.now();
for (const pipeline of pipelines) {
  for (const workload of workloads) {
    for (const policy of policies) {
      for (let seed = 1; seed <= seeds; seed++) {
        // Seed 1 keeps per-second series for the figures (Figs. 8-12 fold them into 10 s intervals).
        const keep = figures && seed === 1;
        const { row, result, scenario } = await runOneWithResult(pipeline, workload, policy, seed, minutes, !values['pipeline-settings'], keep ? 1 : undefined, values['scale-keeps-initial-cpu']);
        rows.push(row);
        if (keep) {
          intervals.push(...intervalRows(pipeline, workload, policy, result, warmupS, { profile: profileOf(scenario.pipeline), formula: figureFormula(pipeline) }));
          const k = `${pipeline}\u0000${policy}`;
          p99ByCell.set(k, [...(p99ByCell.get(k) ?? []), ...perSecondP99(result, warmupS)]);
        }
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

const out = values.out ?? join(import.meta.dirname, 'results', values['pipeline-settings'] ? 'pipeline-settings' : '');
mkdirSync(out, { recursive: true });
// The command as given (without --out), so the tables say how to reproduce them.
const args = process.argv.slice(2).filter((a, i, all) => a !== '--out' && all[i - 1] !== '--out' && !a.startsWith('--out='));
const header = `Measured by \`npx tsx examples/ipa/run.ts${args.length ? ' ' + args.join(' ') : ''}\`: ${minutes} min per run, seeds 1-${seeds}, means over seeds.\n\n`;
writeFileSync(join(out, 'runs.csv'), toCsv(rows));
writeFileSync(join(out, 'cells.csv'), toCsv(cells));
writeFileSync(join(out, 'tables.md'), header + markdownTables(cells));
writeFileSync(join(out, 'shapes.md'), header + markdownShapes(checks) + '\n');
const comparison = comparePaper(cells);
console.log('\nAgainst the paper\'s stated numbers (examples/ipa/paper-values.json):');
for (const c of comparison) console.log(`  ${c.verdict.padEnd(7)} ${c.claim}: paper ${c.paper}; here ${c.measured}`);
const orders = orderAgreement(cells);
console.log(orders ? `  orders of the systems' plotted means kept in ${orders.agree} of ${orders.pairs} pairs` : '  orders: no plotted means per cell in paper-values.json to compare');
const agreement = pipelineAgreement(cells);
console.log('\nPer pipeline, against the plotted means in paper-values.json (`cell` claims):\n' + markdownAgreement(agreement));
writeFileSync(join(out, 'paper-comparison.md'), header + markdownComparison(comparison) + '\nPer pipeline, against the plotted means available (`cell` claims):\n\n' + markdownAgreement(agreement));
console.log(`\n${rows.length} runs in ${((Date.now() - t0) / 1000).toFixed(0)} s; tables in ${out}`);

if (figures) {
  const dir = join(out, 'figures');
  mkdirSync(dir, { recursive: true });
  const figMinutes = Math.min(minutes, 10);
  const t1 = Date.now();
  const decisions = await decisionTimes([1, 2, 4, 6, 8, 10], [1, 5, 10, 20]);
  const preferences = await preferenceRuns(figMinutes);
  const ablation = await ablationRuns(figMinutes);
  for (const [k, v] of p99ByCell) {
    const [pipeline, policy] = k.split('\u0000');
    for (const r of cdfRows(v)) p99s.push({ pipeline, policy, ...r });
  }
  const specs: [string, Parameters<typeof renderSvg>[0]][] = [
    ...pipelines.map((p) => [`fig${8 + PIPELINES.indexOf(p as (typeof PIPELINES)[number])}-${p}`, e2eSpec(p, 8 + PIPELINES.indexOf(p as (typeof PIPELINES)[number]), intervals)] as [string, Parameters<typeof renderSvg>[0]]),
    ['fig13-decision-time', decisionSpec(decisions)],
    ['fig14-objective-preferences', preferenceSpec(preferences)],
    ['fig15-p99-cdf', cdfSpec(p99s)],
    ['fig16-predictor-ablation', ablationSpec(ablation)],
  ];
  // SVG (titled), PNG when the optional rasteriser is installed, and the Vega-Lite spec.
  for (const [name, spec] of specs) await writeFigure(join(dir, name), spec, { title: typeof (spec as { title?: unknown }).title === 'string' ? ((spec as { title: string }).title) : name });
  writeFileSync(join(dir, 'intervals.csv'), toCsv(intervals));
  writeFileSync(join(dir, 'fig13-decision-time.csv'), toCsv(decisions));
  writeFileSync(join(dir, 'fig14-objective-preferences.csv'), toCsv(preferences));
  writeFileSync(join(dir, 'fig16-predictor-ablation.csv'), toCsv(ablation));
  console.log(`figures (${specs.length} SVG) in ${dir}, ${((Date.now() - t1) / 1000).toFixed(0)} s; all done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
