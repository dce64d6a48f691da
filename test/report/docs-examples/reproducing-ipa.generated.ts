// Generated from docs/reproducing-ipa.md by test/report/docs-examples.test.ts; do not edit.
// After changing the guide: UPDATE_DOCS_EXAMPLES=1 npx vitest run test/report/docs-examples.test.ts
/* eslint-disable */
import { compare, formatComparison, latencyPlot, loadCoresPlot, resultRow, simulate } from './infersim.js';

/** docs/reproducing-ipa.md, the example at line 52. */
export async function example1(): Promise<void> {
  const rows = [];
  for (const policy of ['ipa', 'fa2-low', 'fa2-high', 'rim']) {
    for (const seed of [1, 2, 3]) {
      const result = await simulate({
        seed, durationS: 1200, warmupS: 60, pipeline: 'video',
        workload: { type: 'trace', name: 'bursty', withinSecond: 'ipa' },
        serving: { serviceDist: { type: 'lognormal', cv: 0.2 } },
        policy: { name: policy },
      });
      rows.push(resultRow(result, { workload: 'bursty' }));   // one tidy row per run, as a sweep writes it
    }
  }
  const comparison = compare(rows, { baseline: 'ipa', metrics: ['accuracy', 'costCores', 'latencyP99Ms', 'slaViolationRate'], pareto: 'accuracy:max,costCores:min' });
  console.log(formatComparison(comparison));
}

/** docs/reproducing-ipa.md, the example at line 110. */
export async function example2(): Promise<void> {
  const scenario = { seed: 1, durationS: 1200, warmupS: 60, pipeline: 'video', workload: { type: 'trace', name: 'bursty', withinSecond: 'ipa' } } as const;
  const runs = [];
  for (const name of ['ipa', 'fa2-low', 'rim']) runs.push(await simulate({ ...scenario, policy: { name } }));
  const cores = loadCoresPlot(runs, { title: 'video, bursty: load and cores' });   // Vega-Lite specs: display them in a notebook,
  const p99 = latencyPlot(runs, { slaMs: 6890, logY: true });                      // or render with renderSvg from 'infersim/node'
  console.log(JSON.stringify(cores).length, JSON.stringify(p99).length);
}

/** Every example of docs/reproducing-ipa.md, in order, with the line it starts at. */
export const examples: [number, () => Promise<void>][] = [[52, example1], [110, example2]];
