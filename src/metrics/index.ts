export { GrowableFloat64 } from './growable.js';
export { summariseInPlace, type LatencySummary } from './latency-summary.js';
export { TimeIntegral } from './time-integral.js';
export type { Summary, Series, StageSeries } from './types.js';
