import { marginFactor } from './options.js';
import type { Predictor } from './types.js';

/** Options of {@link reactive}. */
export interface ReactiveOptions {
  /** Headroom in percent added to the prediction (IPA's `predictor_margin`); default 0. */
  marginPct?: number;
}

/**
 * The reactive predictor: the load of the most recent complete second, times the margin.
 *
 * IPA's "reactive" returns the last *10-second maximum* instead (its predictors all see 10 s
 * maxima); to reproduce that, use {@link max} with `windowS: 10`.
 *
 * @example
 * reactive().predict([3, 9, 4]); // 4
 */
export function reactive(options: ReactiveOptions = {}): Predictor {
  const k = marginFactor(options as Record<string, unknown>);
  return {
    name: 'reactive',
    predict: (h) => (h.length === 0 ? 0 : h[h.length - 1] * k),
  };
}
