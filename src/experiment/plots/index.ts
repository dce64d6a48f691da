/**
 * Vega-Lite specs of infersim's standard plots. Browser-safe: each function returns a plain spec
 * object, which notebooks (Jupyter with a JS/TS kernel, Observable) display directly, vega-embed
 * shows in a page, and `renderSvg` from `infersim/node` turns into an SVG file.
 * @module
 */
export type { LabelledSeries, SeriesInput, PlotOptions } from './types.js';
export type { SeriesColumn } from './encodings.js';
export type { VegaLiteSpec } from './vega-lite-spec.js';
export { labelledSeries } from './labelled-series.js';
export { seriesPlot, type SeriesPlotOptions } from './series-plot.js';
export { loadCoresPlot } from './load-cores-plot.js';
export { accuracyPlot } from './accuracy-plot.js';
export { latencyPlot, type LatencyPlotOptions } from './latency-plot.js';
export { powerPlot } from './power-plot.js';
export { latencyCdfPlot, type LatencyCdfPlotOptions, type LabelledLatencies, type LabelledLatencyQuantiles, type LatencyCdfInput } from './latency-cdf-plot.js';
export { paretoPlot, type ParetoAxis, type ParetoPlotOptions } from './pareto-plot.js';
export { paramPlot, type ParamPlotOptions } from './param-plot.js';
export { learningCurvePlot, type LearningCurvePlotOptions, type EpisodeReward } from './learning-curve-plot.js';
