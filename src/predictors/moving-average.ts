import { marginFactor, windowOption } from './options.js';
import type { Predictor } from './types.js';
import { meanOf } from './window.js';

/** Options of {@link movingAverage}. */
export interface MovingAverageOptions {
  /** How many of the most recent seconds to average; default 120. */
  windowS?: number;
  /** Headroom in percent added to the prediction (IPA's `predictor_margin`); default 0. */
  marginPct?: number;
}

/**
 * The moving-average predictor: the mean per-second load over the last `windowS` seconds (over all
 * of them when fewer exist), times the margin.
 *
 * This is a correct mean. IPA's "avg" predictor computes `max(bins) / len(bins)` over its 10 s
 * maxima, which is neither a mean nor a max; it is deliberately not reproduced.
 *
 * @example
 * movingAverage({ windowS: 2 }).predict([9, 3, 5]); // 4
 */
export function movingAverage(options: MovingAverageOptions = {}): Predictor {
  const o = options as Record<string, unknown>;
  const w = windowOption(o, 120);
  const k = marginFactor(o);
  return {
    name: 'movingAverage',
    predict: (h) => meanOf(h, h.length - w, h.length) * k,
  };
}
