import type { TopLevelSpec } from './vega-lite-spec.js';
import { seriesPlot } from './series-plot.js';
import type { PlotOptions, SeriesInput } from './types.js';

/**
 * Mean power (idle + dynamic, W) in each interval, per policy; see docs/energy.md for the model.
 *
 * @example
 * ```ts
 * import { powerPlot } from 'infersim';
 * powerPlot([runA, runB], { title: 'power' });
 * ```
 */
export function powerPlot(input: SeriesInput, options: PlotOptions = {}): TopLevelSpec {
  return seriesPlot(input, { ...options, column: 'powerW', yTitle: 'power (W)' });
}
