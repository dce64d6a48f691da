// Generated from docs/plots-and-reports.md by test/report/docs-examples.test.ts; do not edit.
// After changing the guide: UPDATE_DOCS_EXAMPLES=1 npx vitest run test/report/docs-examples.test.ts
/* eslint-disable */
import { accuracyPlot, compare, latencyCdfPlot, latencyPlot, learningCurvePlot, loadCoresPlot, paretoPlot, resultRow, simulate } from './infersim.js';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { renderSvg, runSweep, writeReport } from './infersim-node.js';
import { tmpdir } from 'node:os';

/** docs/plots-and-reports.md, the example at line 30. */
export async function example1(): Promise<void> {
  const base = { seed: 1, durationS: 1200, warmupS: 60, pipeline: 'video', workload: { type: 'trace', name: 'bursty' }, metrics: { trace: true } } as const;
  const ipa = await simulate({ ...base, policy: { name: 'ipa' } });
  const fa2 = await simulate({ ...base, policy: { name: 'fa2-low' } });

  const dir = mkdtempSync(join(tmpdir(), 'infersim-plots-'));
  const specs = {
    'load-cores': loadCoresPlot([ipa, fa2], { title: 'video, bursty' }),
    accuracy: accuracyPlot({ IPA: ipa, 'FA2-low': fa2 }),              // a record sets the labels
    p99: latencyPlot([ipa, fa2], { slaMs: 6890, logY: true }),
    cdf: latencyCdfPlot([ipa, fa2], { fromS: 60, slaMs: 6890 }),       // exact: the runs kept traces
  };
  for (const [name, spec] of Object.entries(specs)) {
    writeFileSync(join(dir, `${name}.svg`), await renderSvg(spec));    // vega-lite -> vega -> SVG, no browser
    writeFileSync(join(dir, `${name}.vl.json`), JSON.stringify(spec)); // or open it in the Vega editor
  }
  console.log('wrote', Object.keys(specs).length, 'plots to', dir);
}

/** docs/plots-and-reports.md, the example at line 94. */
export async function example2(): Promise<void> {
  const rows = [];
  for (const name of ['ipa', 'fa2-low', 'fa2-high', 'rim']) {
    const r = await simulate({ seed: 1, durationS: 600, warmupS: 60, pipeline: 'video', workload: { type: 'trace', name: 'fluctuating' }, policy: { name } });
    rows.push(resultRow(r, { workload: 'fluctuating' }));
  }
  const c = compare(rows, { metrics: ['accuracy', 'costCores'] });
  const points = c.groups.map((g) => ({ policy: String(g.key.policy), accuracy: g.metrics.accuracy.mean, costCores: g.metrics.costCores.mean }));
  const front = paretoPlot(points, { x: { field: 'costCores', goal: 'min', title: 'cores' }, y: { field: 'accuracy', goal: 'max' } });

  // Rewards per episode, e.g. from an RL training loop.
  const log = Array.from({ length: 200 }, (_, episode) => ({ episode, reward: -50 + 40 * (1 - Math.exp(-episode / 40)) + 5 * Math.sin(episode), policy: 'ppo' }));
  const curve = learningCurvePlot(log, { smooth: 20 });
  console.log(points.length, 'points;', Object.keys(front), Object.keys(curve));
}

/** docs/plots-and-reports.md, the example at line 181. */
export async function example3(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'infersim-sweep-'));
  await runSweep(
    {
      name: 'steady-low', base: { durationS: 600, warmupS: 60, pipeline: 'video' },
      policies: [{ name: 'ipa' }, { name: 'fa2-high' }],
      workloads: [{ type: 'trace', name: 'steady_low' }],
      seeds: [1, 2, 3],
      output: { series: true },
    },
    { outDir: dir, workers: 0 },      // 0: in this thread; a number of worker threads otherwise
  );
  const report = await writeReport(dir, join(dir, 'report'), { baseline: 'ipa' });
  console.log(report.index, report.model.groups.map((g) => `${g.label}: ${g.metrics.costCores.mean.toFixed(2)} cores`));
}

/** Every example of docs/plots-and-reports.md, in order, with the line it starts at. */
export const examples: [number, () => Promise<void>][] = [[30, example1], [94, example2], [181, example3]];
