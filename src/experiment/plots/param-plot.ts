import type { TopLevelSpec } from './vega-lite-spec.js';
import { meanCI } from '../mean-ci.js';
import { policyColor, size, VEGA_LITE_SCHEMA } from './encodings.js';
import type { PlotOptions } from './types.js';

/** Options of {@link paramPlot}. */
export interface ParamPlotOptions extends PlotOptions {
  /** The swept parameter on the x axis: a row column, e.g. `cluster.cores` (a sweep's dotted path). */
  param: string;
  /** Metric columns, one panel each sharing the x axis (default `['latencyP99Ms']`). */
  metrics?: readonly string[];
  /** Axis titles by metric column (default: the column name). */
  metricTitles?: Readonly<Record<string, string>>;
  /** Column whose values are the lines (default `'policy'`). */
  by?: string;
  /** Confidence level of the error bars across seeds (default 0.95). */
  level?: number;
  /** Logarithmic x axis, for parameters swept over decades (numeric parameters only). */
  logX?: boolean;
}

/** One point of a {@link paramPlot}: a line's mean of one metric at one parameter value. */
interface ParamPoint {
  line: string;
  x: number | string;
  metric: string;
  mean: number;
  ciLow: number | null;
  ciHigh: number | null;
  runs: number;
}

/**
 * A metric against a swept parameter: per line (policy by default) and parameter value, the mean
 * across seeds with its confidence interval as an error bar, one panel per metric. Takes a sweep's
 * rows (`readRows`, or a report's rows); rows without the parameter are left out. A numeric
 * parameter gets a quantitative axis, any other an ordinal one in order of first appearance.
 *
 * @example
 * ```ts
 * import { paramPlot } from 'infersim';
 * import { readRows } from 'infersim/node';
 * const spec = paramPlot(readRows('out/cores-sweep'), { param: 'cluster.cores', metrics: ['latencyP99Ms', 'costCores'] });
 * ```
 */
export function paramPlot(rows: readonly Record<string, unknown>[], options: ParamPlotOptions): TopLevelSpec {
  const by = options.by ?? 'policy';
  const metrics = options.metrics ?? ['latencyP99Ms'];
  const level = options.level ?? 0.95;
  const withParam = rows.filter((r) => r[options.param] !== undefined && r[options.param] !== null);
  const numeric = withParam.length > 0 && withParam.every((r) => typeof r[options.param] === 'number');
  const key = (v: unknown): number | string => (numeric ? (v as number) : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const lines: string[] = [];
  const xs: (number | string)[] = [];
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const r of withParam) {
    const line = String(r[by] ?? '');
    const x = key(r[options.param]);
    if (!lines.includes(line)) lines.push(line);
    if (!xs.includes(x)) xs.push(x);
    const k = JSON.stringify([line, x]);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const points: ParamPoint[] = [];
  for (const [k, group] of groups) {
    const [line, x] = JSON.parse(k) as [string, number | string];
    for (const metric of metrics) {
      const m = meanCI(group.map((r) => r[metric]), level);
      if (m.n === 0) continue;
      const ci = Number.isFinite(m.halfWidth);
      points.push({ line, x, metric, mean: m.mean, ciLow: ci ? m.ciLow : null, ciHigh: ci ? m.ciHigh : null, runs: m.n });
    }
  }
  const xEnc = numeric
    ? { field: 'x', type: 'quantitative' as const, title: options.param, scale: { zero: false, ...(options.logX ? { type: 'log' as const } : {}) } }
    : { field: 'x', type: 'ordinal' as const, title: options.param, sort: xs.map(String) };
  const color = policyColor(lines, 'line');
  const { width, height } = size(options);
  const panel = (metric: string) => {
    const yTitle = options.metricTitles?.[metric] ?? metric;
    return {
      width,
      height: metrics.length > 1 ? Math.round(height * 0.8) : height,
      transform: [{ filter: { field: 'metric', equal: metric } }],
      layer: [
        {
          mark: { type: 'line' as const, point: true, strokeWidth: 1.5 },
          encoding: {
            x: xEnc,
            y: { field: 'mean', type: 'quantitative' as const, title: yTitle, scale: { zero: false } },
            color,
            tooltip: [
              { field: 'line', type: 'nominal' as const, title: by },
              { field: 'x', title: options.param },
              { field: 'mean', type: 'quantitative' as const, title: `${yTitle} (mean)`, format: '.4~g' },
              { field: 'ciLow', type: 'quantitative' as const, title: `${Math.round(level * 100)}% CI low`, format: '.4~g' },
              { field: 'ciHigh', type: 'quantitative' as const, title: `${Math.round(level * 100)}% CI high`, format: '.4~g' },
              { field: 'runs', type: 'quantitative' as const },
            ],
          },
        },
        {
          transform: [{ filter: 'datum.ciLow != null' }],
          mark: { type: 'rule' as const, strokeWidth: 1.5 },
          encoding: { x: xEnc, y: { field: 'ciLow', type: 'quantitative' as const }, y2: { field: 'ciHigh' }, color },
        },
      ],
    };
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title ? { title: options.title } : {}),
    data: { values: points },
    vconcat: metrics.map(panel),
  } as TopLevelSpec;
}
