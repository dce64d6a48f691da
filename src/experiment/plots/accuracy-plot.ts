import type { TopLevelSpec } from './vega-lite-spec.js';
import { seriesPlot } from './series-plot.js';
import type { PlotOptions, SeriesInput } from './types.js';

/**
 * Mean accuracy (PAS) of the requests completed in each interval, per policy: shows when a policy
 * trades accuracy for capacity (switching to lighter variants under load).
 *
 * @example
 * ```ts
 * import { accuracyPlot } from 'infersim';
 * accuracyPlot({ static: staticRun, ipa: ipaRun }, { title: 'accuracy over time' });
 * ```
 */
export function accuracyPlot(input: SeriesInput, options: PlotOptions = {}): TopLevelSpec {
  return seriesPlot(input, { ...options, column: 'accuracy', yTitle: 'accuracy (PAS)' });
}
