/**
 * A load predictor: from per-second arrival counts (oldest first, the last entry the most recent
 * complete second), the load in requests/s that the planner should provision for.
 */
export interface Predictor {
  readonly name: string;
  /** The load to provision for, requests/s, from per-second arrival counts (oldest first). */
  predict(arrivalsPerSecond: readonly number[]): number;
}

/** Options every predictor accepts in a scenario: `{ "type": "max", "windowS": 120, "marginPct": 0 }`. */
export interface PredictorSpec {
  type: string;
  /** Extra headroom in percent added to the prediction, as IPA's `predictor_margin`. */
  marginPct?: number;
  [option: string]: unknown;
}
