import type { TopLevelSpec } from './vega-lite-spec.js';
import { paretoFront } from '../pareto.js';
import { policyColor, size, VEGA_LITE_SCHEMA } from './encodings.js';
import type { PlotOptions } from './types.js';

// Not from zero (objectives sit far from it), rounded ends, and room so edge points are not clipped.
const SCALE = { zero: false, nice: true, padding: 24 };

/** One plotted objective: a numeric field of the points and whether smaller or larger is better. */
export interface ParetoAxis {
  field: string;
  goal: 'min' | 'max';
  /** Axis title (default: the field, with its goal). */
  title?: string;
}

/** Options of {@link paretoPlot}. */
export interface ParetoPlotOptions extends PlotOptions {
  x: ParetoAxis;
  y: ParetoAxis;
  /** Field that colours the points (default `'policy'`). */
  color?: string;
  /** Extra fields shown in the tooltip. */
  tooltip?: string[];
}

/**
 * A scatter of two objectives with the Pareto front highlighted (larger, outlined points joined by a
 * line; the front as `paretoFront` computes it: points no other beats on both objectives): e.g. accuracy (max) against cores (min) per policy, one point per policy's mean or per run.
 *
 * @example
 * ```ts
 * import { paretoPlot } from 'infersim';
 * const points = [
 *   { policy: 'static', costCores: 12, accuracy: 0.71 },
 *   { policy: 'ipa', costCores: 8.5, accuracy: 0.69 },
 * ];
 * paretoPlot(points, { x: { field: 'costCores', goal: 'min' }, y: { field: 'accuracy', goal: 'max' } });
 * ```
 */
export function paretoPlot(points: readonly Record<string, unknown>[], options: ParetoPlotOptions): TopLevelSpec {
  const colorField = options.color ?? 'policy';
  const coords = points.map((p) => [Number(p[options.x.field]), Number(p[options.y.field])]);
  const onFront = new Set(paretoFront(coords, [options.x.goal, options.y.goal]));
  const values = points.map((p, i) => ({ ...p, pareto: onFront.has(i) }));
  const labels = [...new Set(points.map((p) => String(p[colorField])))];
  const title = (a: ParetoAxis) => a.title ?? `${a.field} (${a.goal === 'min' ? 'lower' : 'higher'} is better)`;
  const x = { field: options.x.field, type: 'quantitative' as const, title: title(options.x), scale: SCALE };
  const y = { field: options.y.field, type: 'quantitative' as const, title: title(options.y), scale: SCALE };
  const tooltip = [colorField, options.x.field, options.y.field, ...(options.tooltip ?? [])].map((field) => ({ field }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title ? { title: options.title } : {}),
    ...size({ height: 280, ...options }),
    data: { values },
    layer: [
      {
        transform: [{ filter: 'datum.pareto' }],
        mark: { type: 'line', color: '#444', strokeDash: [3, 3], strokeWidth: 1, interpolate: 'linear' },
        encoding: { x, y, order: { field: options.x.field, type: 'quantitative' } },
      },
      {
        mark: { type: 'point', filled: true, size: 60, opacity: 0.75 },
        encoding: { x, y, color: policyColor(labels, colorField), tooltip },
      },
      {
        transform: [{ filter: 'datum.pareto' }],
        mark: { type: 'point', filled: false, size: 200, color: '#111', strokeWidth: 1.5 },
        encoding: { x, y, tooltip },
      },
    ],
  };
}
