import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/experiment/report-model.js';
import { paramPlot } from '../../src/experiment/plots/param-plot.js';
import { meanCI } from '../../src/experiment/mean-ci.js';
import { renderSvg } from '../../src/node/report/render-svg.js';

/** Rows of a sweep over cluster.cores and seeds for two policies, with a metric that depends on both. */
function rows() {
  const out: Record<string, unknown>[] = [];
  for (const policy of ['a', 'b'])
    for (const cores of [4, 8, 16])
      for (const seed of [1, 2, 3])
        out.push({ runId: `${policy}-${cores}-${seed}`, sweep: 's', policy, workload: 'w', seed, 'cluster.cores': cores, latencyP99Ms: 1000 / cores + seed + (policy === 'b' ? 50 : 0), costCores: cores * 0.5 });
  return out;
}

type Point = { line: string; x: number | string; metric: string; mean: number; ciLow: number | null; ciHigh: number | null; runs: number };
const points = (spec: object) => (spec as unknown as { data: { values: Point[] } }).data.values;

describe('paramPlot(rows, { param, metrics })', () => {
  it('draws per line and parameter value the mean and CI across seeds, one panel per metric', async () => {
    const spec = paramPlot(rows(), { param: 'cluster.cores', metrics: ['latencyP99Ms', 'costCores'] });
    const pts = points(spec);
    expect(pts).toHaveLength(2 * 3 * 2);
    const p = pts.find((q) => q.line === 'b' && q.x === 8 && q.metric === 'latencyP99Ms')!;
    const m = meanCI([1000 / 8 + 1 + 50, 1000 / 8 + 2 + 50, 1000 / 8 + 3 + 50]);
    expect(p).toMatchObject({ mean: m.mean, ciLow: m.ciLow, ciHigh: m.ciHigh, runs: 3 });
    expect((spec as { vconcat: unknown[] }).vconcat).toHaveLength(2);
    expect(() => compile(spec as unknown as TopLevelSpec)).not.toThrow();
    expect(await renderSvg(spec)).toMatch(/^<svg/);
  });

  it('a non-numeric parameter gets an ordinal axis in order of appearance; a single seed has no error bar', () => {
    const r = rows().filter((x) => x.seed === 1 && x['cluster.cores'] !== 16).map((x) => ({ ...x, 'policy.solver': x['cluster.cores'] === 4 ? 'dp' : 'glpk' }));
    const spec = paramPlot(r, { param: 'policy.solver' });
    expect(JSON.stringify(spec)).toContain('"type":"ordinal"');
    expect(points(spec).every((p) => p.ciLow === null)).toBe(true);
  });

  it('the report draws the key metrics against each swept parameter, per workload', () => {
    const model = buildReport({ title: 't', rows: rows(), version: 'v', generatedAt: 'd' });
    const fig = model.figures.find((f) => f.id === 'param-cluster-cores')!;
    expect(fig.title).toBe('Metrics against cluster.cores');
    expect(new Set(points(fig.spec).map((p) => p.metric))).toEqual(new Set(['latencyP99Ms', 'costCores']));
  });
});
