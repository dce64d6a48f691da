/**
 * Decision time of the IPA solvers vs pipeline size (1-9 stages x 1-9 variants, as IPA's Fig. 13),
 * and on the five bundled pipelines. Not a test: run `npx tsx bench/solvers.ts [--write]`; with
 * `--write` the "Solvers" section of bench/README.md is replaced by the new tables.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledPipelines } from '../src/bundled/index.js';
import { ipaPipelineRuns } from '../src/policies/ipa-baselines.js';
import { buildProblem, createGlpkSolver, dpSolver, evaluate, picksOf, type AllocationProblem, type Solver } from '../src/policies/solvers/index.js';
import type { PipelineProfile } from '../src/profiles/types.js';
import { syntheticPipeline, syntheticSlaMs } from './synthetic.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const maxSize = quick ? 5 : 9;

/** Median wall time of `solver.solve(problem)` in ms over `reps` runs after `warm` untimed runs. */
function medianMs(solver: Solver, problem: AllocationProblem, reps: number, warm: number): { ms: number; choice: number[] | null } {
  let choice: number[] | null = null;
  for (let i = 0; i < warm; i++) choice = solver.solve(problem);
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    choice = solver.solve(problem);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[times.length >> 1], choice };
}

type Settings = (typeof ipaPipelineRuns)['video']['settings'];

/** The product of raw accuracies with accuracy weighted up (IPA's revision style) on a bounded cluster. */
const productSettings: Settings = { ...ipaPipelineRuns['video'].settings, alpha: 20, accuracyMethod: 'product', normalizeAccuracy: false };

/** IPA's settings at `rps`, planning from a configuration of the lightest variants (least change active). */
function problemFor(p: PipelineProfile, rps: number, slaMs: number, s: Settings = ipaPipelineRuns['video'].settings, totalCores = Infinity): AllocationProblem {
  return buildProblem(p, {
    lambdaRps: rps,
    slaMs,
    totalCores,
    weights: { alpha: s.alpha, beta: s.beta, gamma: s.gamma },
    accuracyMethod: s.accuracyMethod,
    normalizeAccuracy: s.normalizeAccuracy,
    batchingCap: s.batchingCap,
    scalingCap: 100,
    latencyMarginPct: s.latencyMarginPct,
    throughputMarginPct: s.throughputMarginPct,
    maxBatchWaitMs: 1000,
    current: p.stages.map((st) => ({ variant: st.variants[0].name, batch: 1 })),
  });
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));

const glpk = await createGlpkSolver();
let disagreements = 0;
const check = (problem: AllocationProblem, a: number[] | null, b: number[] | null) => {
  const o = (c: number[] | null) => (c ? evaluate(problem, picksOf(problem, c)).objective : NaN);
  const [x, y] = [o(a), o(b)];
  if (!(a === null && b === null) && !(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)))) disagreements++;
};

// Grids: rows = stages, columns = variants.
const header = `| stages \\ variants | ${Array.from({ length: maxSize }, (_, v) => v + 1).join(' | ')} |`;
const rule = `|---|${Array.from({ length: maxSize }, () => '---').join('|')}|`;

/** One grid per solver; glpk only where `glpkUpTo(S, V)` (it is far slower on the product form). */
function grid(settings: Settings, coresPerStage: number, glpkUpTo: (S: number, V: number) => boolean): { dp: string[]; glpk: string[] } {
  const dpRows: string[] = [];
  const glpkRows: string[] = [];
  for (let S = 1; S <= maxSize; S++) {
    const dpCells: string[] = [];
    const glpkCells: string[] = [];
    for (let V = 1; V <= maxSize; V++) {
      const p = syntheticPipeline(S, V);
      const problem = problemFor(p, 20, syntheticSlaMs(p), settings, coresPerStage * S);
      const d = medianMs(dpSolver, problem, 21, 5);
      dpCells.push(fmt(d.ms));
      if (glpkUpTo(S, V)) {
        const g = medianMs(glpk, problem, S * V > 40 ? 3 : 7, 1);
        check(problem, d.choice, g.choice);
        glpkCells.push(fmt(g.ms));
      } else {
        glpkCells.push('-');
      }
      process.stderr.write('.');
    }
    dpRows.push(`| ${S} | ${dpCells.join(' | ')} |`);
    glpkRows.push(`| ${S} | ${glpkCells.join(' | ')} |`);
  }
  process.stderr.write('\n');
  return { dp: dpRows, glpk: glpkRows };
}

const sum = grid(ipaPipelineRuns['video'].settings, Infinity, () => true);
const product = grid(productSettings, 6, (S, V) => S <= 4 && V <= 4);

const bundledRows: string[] = [];
for (const [name, p] of Object.entries(bundledPipelines)) {
  const run = ipaPipelineRuns[name];
  for (const rps of [5, 20, 60]) {
    const problem = problemFor(p, rps, p.slaMs!, run?.settings);
    const d = medianMs(dpSolver, problem, 51, 10);
    const g = medianMs(glpk, problem, 11, 2);
    check(problem, d.choice, g.choice);
    const options = problem.stages.map((s) => s.options.length).join(' x ');
    bundledRows.push(`| ${name} | ${rps} | ${options} | ${fmt(d.ms)} | ${fmt(g.ms)} |`);
  }
}

const section = `## Solvers

Decision time of IPA's program (\`src/policies/solvers/\`), median wall ms of one \`solve\` call,
Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. Command:

\`\`\`sh
npx tsx bench/solvers.ts --write
\`\`\`

Synthetic pipelines (\`bench/synthetic.ts\`): S stages x V variants, batch sizes 1, 2, 4, 8 (so 4V
options per stage), load 20 rps, an SLA of twice the summed mean batch-1 latency, IPA's video
objective (alpha 2, beta 1, gamma 1e-6, sum of rank-normalised accuracies), unbounded cluster, and
a current configuration so the least-change tie-break is active. IPA's paper reports 0.25-2 s with
Gurobi on the same grid (Fig. 13).

**dp** (exact Pareto-front dynamic program):

${header}
${rule}
${sum.dp.join('\n')}

**glpk** (glpk.js 0-1 program; includes the sharpening re-solve and the least-change searches):

${header}
${rule}
${sum.glpk.join('\n')}

The same grid with IPA's revision-style objective, harder for both: product of raw accuracies
(alpha 20, beta 1), and a cluster of 6 cores per stage, so the DP keeps (latency, cores, value,
product, change) fronts and glpk needs the linearised product, whose LP relaxation is weak. glpk is
run only up to 4 x 4 here; beyond that it takes seconds to minutes (9 x 9: over 30 s per solve,
where its time limit returns a possibly sub-optimal answer), so use \`dp\` for product accuracy.

**dp**, product accuracy, bounded cluster:

${header}
${rule}
${product.dp.join('\n')}

**glpk**, product accuracy, bounded cluster (up to 4 x 4):

| stages \\ variants | 1 | 2 | 3 | 4 |
|---|---|---|---|---|
${product.glpk
  .slice(0, 4)
  .map((row) => row.split(' | ').slice(0, 5).join(' | ') + ' |')
  .join('\n')}

Bundled pipelines, with IPA's settings for each (\`ipaPipelineRuns\`):

| pipeline | load (rps) | options per stage | dp ms | glpk ms |
|---|---|---|---|---|
${bundledRows.join('\n')}

Both solvers returned the same optimal objective on every problem above${disagreements ? ` except ${disagreements}` : ''}.
`;

process.stdout.write(section);
if (args.has('--write')) {
  const here = dirname(fileURLToPath(import.meta.url));
  const readme = join(here, 'README.md');
  const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '# Benchmarks\n';
  // Replace our own section (up to the next "## " heading) or append it; other sections stay as they are.
  const start = text.indexOf('## Solvers\n');
  let out: string;
  if (start < 0) out = text.trimEnd() + '\n\n' + section;
  else {
    const next = text.indexOf('\n## ', start + 1);
    out = text.slice(0, start) + section + (next < 0 ? '' : text.slice(next));
  }
  writeFileSync(readme, out);
}
if (disagreements) process.exitCode = 1;
