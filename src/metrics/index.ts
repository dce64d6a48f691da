export { GrowableFloat64 } from './growable.js';
export { summariseInPlace, type LatencySummary } from './latency-summary.js';
export { TimeIntegral } from './time-integral.js';
export { LogHistogram, LOG_HISTOGRAM_MIN } from './log-histogram.js';
export type { Summary, Series, StageSeries } from './types.js';
export { latencyQuantiles, traceLatencyQuantiles, LATENCY_QUANTILE_POINTS, type LatencyQuantiles } from './latency-quantiles.js';
export { histogramLatencyCdf, latencyCdfQuantiles, type LatencyCdf } from './latency-cdf.js';
