import { compile, type TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from '../../src/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accuracyPlot,
  labelledSeries,
  latencyCdfPlot,
  latencyPlot,
  learningCurvePlot,
  loadCoresPlot,
  paretoPlot,
  powerPlot,
  seriesPlot,
} from '../../src/experiment/plots/index.js';
import { renderSvg } from '../../src/node/report/render-svg.js';
import { simulate, type SimulationResult } from '../../src/index.js';
import { tinyScenario } from './fixtures.js';

let small: SimulationResult;
let large: SimulationResult;
beforeAll(async () => {
  small = await simulate({ ...tinyScenario('static-small', 12, 1), metrics: { trace: true } });
  large = await simulate(tinyScenario('static-large', 12, 1));
});

/** Values of the first data set anywhere in a spec (top level, layers or concatenated views). */
function values(spec: unknown): Record<string, unknown>[] {
  const s = spec as { data?: { values?: Record<string, unknown>[] }; layer?: unknown[]; vconcat?: unknown[] };
  if (s.data?.values) return s.data.values;
  for (const sub of [...(s.layer ?? []), ...(s.vconcat ?? [])]) {
    const v = values(sub);
    if (v.length) return v;
  }
  return [];
}

async function renders(spec: VegaLiteSpec): Promise<string> {
  expect(() => compile(spec as unknown as TopLevelSpec)).not.toThrow();
  const svg = await renderSvg(spec);
  expect(svg).toMatch(/^<svg[^>]*class="marks"/);
  return svg;
}

describe('plot specs', () => {
  it('labelledSeries(results | labelled | record) gives one label per input, repeats numbered', () => {
    expect(labelledSeries([small, large]).map((s) => s.label)).toEqual(['static', 'static #2']);
    expect(labelledSeries({ a: small, b: large.series }).map((s) => s.label)).toEqual(['a', 'b']);
    expect(labelledSeries([{ label: 'x', series: small.series }])[0].series).toBe(small.series);
  });

  it('loadCoresPlot(results) stacks load over cores on one time axis, load drawn once when shared', async () => {
    const spec = loadCoresPlot({ small, large }, { title: 'tiny' }) as { vconcat: { data: { values: { policy: string }[] }; mark: { type: string } }[] };
    expect(spec.vconcat).toHaveLength(2);
    // Same workload and seed: identical arrivals, so one grey area instead of two lines.
    expect(spec.vconcat[0].mark.type).toBe('area');
    expect(new Set(spec.vconcat[0].data.values.map((v) => v.policy))).toEqual(new Set(['load']));
    expect(new Set(spec.vconcat[1].data.values.map((v) => v.policy))).toEqual(new Set(['small', 'large']));
    const svg = await renders(spec);
    expect(svg).toContain('arrival rate (req/s)');
    expect(svg).toContain('cores');
  });

  it('loadCoresPlot(results) draws one load line per policy when arrivals differ', async () => {
    const other = await simulate(tinyScenario('static-small', 6, 2));
    const spec = loadCoresPlot([small, { label: 'other', series: other.series }]) as { vconcat: { mark: { type: string } }[] };
    expect(spec.vconcat[0].mark.type).toBe('line');
  });

  it('seriesPlot, accuracyPlot and powerPlot give long-form rows, NaN as null', async () => {
    const spec = seriesPlot({ small }, { column: 'accuracy' });
    const rows = values(spec);
    // One row per interval, and a closing one at the end of the last interval.
    expect(rows).toHaveLength(small.series.t.length + 1);
    expect(rows.at(-1)).toEqual({ ...rows.at(-2), t: small.series.t.at(-1)! + small.series.intervalS });
    expect(rows[0]).toEqual({ policy: 'small', t: 0, value: Number.isFinite(small.series.accuracy[0]) ? small.series.accuracy[0] : null });
    expect(JSON.stringify(spec)).not.toContain('NaN');
    await renders(accuracyPlot([small, large]));
    const power = powerPlot([small]);
    expect(values(power).map((r) => r.value)).toEqual([...small.series.powerW, small.series.powerW.at(-1)]);
    await renders(power);
  });

  it('latencyPlot(results, { slaMs }) draws the SLA rule and its label', async () => {
    const spec = latencyPlot([small, large], { slaMs: 800, logY: true }) as { layer: { mark: { type: string } }[] };
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['line', 'rule', 'text']);
    expect(await renders(spec)).toContain('SLA 800 ms');
    expect((latencyPlot([small]) as { layer: unknown[] }).layer).toHaveLength(1);
  });

  it('latencyCdfPlot(result with trace) is the exact CDF of completed requests after fromS', async () => {
    const spec = latencyCdfPlot([small], { fromS: 20, points: 50 });
    const pts = values(spec) as { latencyMs: number; fraction: number }[];
    const tr = small.trace!;
    const lat: number[] = [];
    for (let i = 0; i < tr.status.length; i++) if (tr.status[i] === 1 && tr.arrivalS[i] >= 20) lat.push((tr.finishedS[i] - tr.arrivalS[i]) * 1000);
    lat.sort((a, b) => a - b);
    expect(pts.at(-1)).toEqual({ policy: 'static', latencyMs: lat.at(-1), fraction: 1 });
    expect(pts.length).toBeLessThanOrEqual(52);
    for (const p of pts) {
      // fraction = share of latencies <= the point's latency
      const below = lat.filter((x) => x <= p.latencyMs).length / lat.length;
      expect(p.fraction).toBeCloseTo(below, 12);
    }
    expect(JSON.stringify(spec)).toContain('end-to-end latency (ms)');
  });

  it('latencyCdfPlot(result without trace) falls back to interval means and says so', async () => {
    const spec = latencyCdfPlot([large, { label: 'given', latenciesMs: [3, 1, 2] }], { slaMs: 800 });
    expect(JSON.stringify(spec)).toContain('per-interval means');
    const given = values(spec).filter((r) => r.policy === 'given');
    expect(given.map((r) => [r.latencyMs, r.fraction])).toEqual([[1, 1 / 3], [2, 2 / 3], [3, 1]]);
    await renders(spec);
  });

  it('paretoPlot(points) marks the front and renders', async () => {
    const pts = [
      { policy: 'a', costCores: 4, accuracy: 0.6 },
      { policy: 'b', costCores: 8, accuracy: 0.64 },
      { policy: 'c', costCores: 9, accuracy: 0.62 },
    ];
    const spec = paretoPlot(pts, { x: { field: 'costCores', goal: 'min' }, y: { field: 'accuracy', goal: 'max' } });
    expect(values(spec).map((p) => p.pareto)).toEqual([true, true, false]);
    await renders(spec);
  });

  it('learningCurvePlot(episodes, { smooth }) draws raw rewards and a trailing mean per policy', async () => {
    const log = Array.from({ length: 40 }, (_, i) => ({ episode: i, reward: -10 + i / 4 + (i % 3), policy: i % 2 ? 'dqn' : 'ppo' }));
    const spec = learningCurvePlot(log, { smooth: 5 }) as { layer: { transform?: { frame: number[] }[] }[] };
    expect(spec.layer).toHaveLength(2);
    expect(spec.layer[1].transform?.[0].frame).toEqual([-4, 0]);
    await renders(spec);
    expect((learningCurvePlot(log, { smooth: 1 }) as { layer: unknown[] }).layer).toHaveLength(1);
  });
});
