import { marginFactor, windowOption } from './options.js';
import type { Predictor } from './types.js';
import { maxOf } from './window.js';

/** Options of {@link max}. */
export interface MaxOptions {
  /** How many of the most recent seconds to look at; default 120 (IPA's history). */
  windowS?: number;
  /** Headroom in percent added to the prediction (IPA's `predictor_margin`); default 0. */
  marginPct?: number;
}

/**
 * The max predictor: the largest per-second load over the last `windowS` seconds (all of them when
 * fewer exist), times the margin. Provisioning for the recent peak is IPA's fallback while the LSTM
 * lacks history, and a conservative baseline.
 *
 * @example
 * max({ windowS: 2 }).predict([9, 3, 4]); // 4
 */
export function max(options: MaxOptions = {}): Predictor {
  const o = options as Record<string, unknown>;
  const w = windowOption(o, 120);
  const k = marginFactor(o);
  return {
    name: 'max',
    predict: (h) => maxOf(h, h.length - w, h.length) * k,
  };
}
