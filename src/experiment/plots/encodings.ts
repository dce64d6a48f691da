import type { Series } from '../../metrics/types.js';
import type { LabelledSeries, PlotOptions } from './types.js';

/** The Vega-Lite schema every spec names, so notebooks and editors validate it. @internal */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Default panel width (px): fits a notebook cell. @internal */
export const DEFAULT_WIDTH = 560;
/** Default panel height (px). @internal */
export const DEFAULT_HEIGHT = 200;

/** The numeric columns of a {@link Series} that can be plotted over time. */
export type SeriesColumn = {
  [K in keyof Series]: Series[K] extends number[] ? K : never;
}[keyof Series];

/** One point of a long-form time table: Vega-Lite wants rows, a Series holds columns. @internal */
export interface TimeRow {
  policy: string;
  t: number;
  value: number | null;
}

/**
 * Turns columns into long-form rows. NaN (an interval with no completion) becomes `null`, so the
 * spec stays valid JSON and Vega-Lite leaves a gap instead of drawing through it. A value holds for
 * its whole interval `[t, t + intervalS)`, drawn as a step; a closing row at the last interval's end
 * repeats the last value so the last step is drawn too.
 * @internal
 */
export function timeRows(list: readonly LabelledSeries[], column: SeriesColumn): TimeRow[] {
  const rows: TimeRow[] = [];
  for (const { label, series } of list) {
    const ys = series[column];
    const n = series.t.length;
    for (let i = 0; i < n; i++) {
      const v = ys[i];
      rows.push({ policy: label, t: series.t[i], value: v === undefined || !Number.isFinite(v) ? null : v });
    }
    if (n > 0) rows.push({ policy: label, t: series.t[n - 1] + series.intervalS, value: rows[rows.length - 1].value });
  }
  return rows;
}

/**
 * A colour encoding with an explicit domain in input order, so one policy keeps one colour across
 * every plot of a report (Vega-Lite would otherwise sort labels per plot).
 * @internal
 */
export function policyColor(labels: readonly string[], field = 'policy') {
  return {
    field,
    type: 'nominal' as const,
    title: 'policy',
    scale: { domain: [...labels], scheme: 'tableau10' },
  };
}

/** Panel size from options. @internal */
export function size(options: PlotOptions = {}): { width: number; height: number } {
  return { width: options.width ?? DEFAULT_WIDTH, height: options.height ?? DEFAULT_HEIGHT };
}

/** The shared time axis (seconds of simulated time). @internal */
export const timeX = { field: 't', type: 'quantitative' as const, title: 'time (s)' };

/**
 * A dashed red rule at the SLA, across the plot on `axis` (`y` for latency over time, `x` for a
 * latency CDF): the one way every plot marks the SLA.
 */
export function slaRule(slaMs: number, axis: 'x' | 'y') {
  return {
    data: { values: [{ sla: slaMs }] },
    mark: { type: 'rule' as const, color: '#d62728', strokeDash: [6, 4], strokeWidth: 1.5 },
    encoding: { [axis]: { field: 'sla', type: 'quantitative' as const } },
  };
}
