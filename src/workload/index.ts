export type { ArrivalProcess, WithinSecondMode } from './types.js';
export { poissonArrivals, deterministicArrivals } from './poisson.js';
export { traceArrivals, dampTrace, type TraceArrivalOptions } from './trace.js';
export { parseRateCsv } from './csv.js';
