import type { LatencyCdf } from '../metrics/latency-cdf.js';
import type { LatencySummary } from '../metrics/latency-summary.js';
import type { Series, Summary } from '../metrics/types.js';
import type { PipelineConfig } from '../policies/types.js';

/** Per-request arrays (index = request id, in arrival order), kept when `metrics.trace` is true. */
export interface RequestTrace {
  arrivalS: Float64Array;
  /** Completion or drop time; NaN if unfinished. */
  finishedS: Float64Array;
  /** 0 unfinished, 1 completed, 2 dropped. */
  status: Uint8Array;
  /** Deepest stage reached (or dropped at). */
  stage: Int16Array;
  /** Accuracy (PAS) of completed requests: the mean score of its paths; NaN otherwise. */
  accuracy: Float64Array;
  /** Dynamic energy attributed to the request (its share of each batch it was in), J; NaN with `metrics.energy` false. */
  energyJ: Float64Array;
}

/**
 * What a run produces. Everything but `timing` is a pure function of the scenario and its seed
 * (bit-identical across runs); `timing` holds wall-clock measurements.
 */
export interface SimulationResult {
  name: string;
  seed: number | string;
  policy: string;
  summary: Summary;
  series: Series;
  /** Every configuration applied, with its time (the first is the initial deployment at t = 0). */
  decisions: { t: number; config: PipelineConfig }[];
  trace?: RequestTrace;
  /**
   * Streaming runs (`metrics.recording: "streaming"`) only: the per-request latency CDF of the
   * summary's completed requests, from the recorder's log histogram (within `relativeError`). An
   * exact run gives per-request latencies through `trace` instead.
   */
  latencyCdf?: LatencyCdf;
  timing: {
    /** Wall time of the run, ms. */
    wallMs: number;
    /** Wall time of each policy decision, ms. */
    decisionMs: number[];
    decisionMsSummary: LatencySummary;
  };
}
