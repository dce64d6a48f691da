import type { TopLevelSpec } from './vega-lite-spec.js';
import { labelledSeries } from './labelled-series.js';
import { policyColor, size, timeRows, timeX, VEGA_LITE_SCHEMA, type SeriesColumn } from './encodings.js';
import type { PlotOptions, SeriesInput } from './types.js';

/** Options of {@link seriesPlot}. */
export interface SeriesPlotOptions extends PlotOptions {
  /** The series column to draw, e.g. `'cores'`, `'accuracy'`, `'powerW'`. */
  column: SeriesColumn;
  /** Y-axis title (default: the column name). */
  yTitle?: string;
  /** Logarithmic y scale, for latencies spanning decades (default false). */
  logY?: boolean;
}

/**
 * One series column over time, one line per policy: the building block of the other time plots, and
 * the way to draw any column they do not cover.
 *
 * @example In a notebook (Jupyter with a JS/TS kernel, or Observable), display the returned spec:
 * ```ts
 * import { simulate, seriesPlot } from 'infersim';
 * const a = await simulate(scenarioA), b = await simulate(scenarioB);
 * const spec = seriesPlot([a, b], { column: 'completed', yTitle: 'completed per interval' });
 * // Observable: vl.render({ spec }); Deno/Jupyter: display a Vega-Lite MIME bundle of `spec`
 * ```
 */
export function seriesPlot(input: SeriesInput, options: SeriesPlotOptions): TopLevelSpec {
  const list = labelledSeries(input);
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title ? { title: options.title } : {}),
    ...size(options),
    data: { values: timeRows(list, options.column) },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
    encoding: {
      x: timeX,
      y: {
        field: 'value',
        type: 'quantitative',
        title: options.yTitle ?? options.column,
        ...(options.logY ? { scale: { type: 'log' } } : {}),
      },
      color: policyColor(list.map((s) => s.label)),
      tooltip: [
        { field: 'policy', type: 'nominal' },
        { field: 't', type: 'quantitative', title: 'time (s)' },
        { field: 'value', type: 'quantitative', title: options.yTitle ?? options.column, format: '.4~g' },
      ],
    },
  };
}
