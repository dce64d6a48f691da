import type { ServiceDist } from '../profiles/types.js';
import type { AccuracyOptions } from '../serving/compiled-pipeline.js';

/** Every default of a scenario, in one place (documented in docs/scenario.md). */
export const DEFAULTS = {
  warmupS: 0,
  maxBatchWaitMs: 1000,
  adaptationIntervalS: 10,
  startupS: 0,
  serviceDist: { type: 'deterministic' } as ServiceDist,
  historyS: 600,
  accuracy: { method: 'product', normalize: 'raw' } as AccuracyOptions,
  withinSecond: 'ipa' as const,
  traceColumn: 'rps',
  recording: 'exact' as const,
  relativeError: 0.001,
};
