import { InputError } from '../errors.js';
import { marginFactor, numberOption } from './options.js';
import type { Predictor } from './types.js';

/** Options of {@link ewma}: give `alpha` or `halfLifeS`, not both (default: half-life 10 s). */
export interface EwmaOptions {
  /** Weight of the newest second, in (0, 1]; 1 makes it {@link reactive}. */
  alpha?: number;
  /** Seconds after which an observation's weight has halved; `alpha = 1 - 2^(-1 / halfLifeS)`. */
  halfLifeS?: number;
  /** Headroom in percent added to the prediction (IPA's `predictor_margin`); default 0. */
  marginPct?: number;
}

/**
 * The exponentially weighted moving average predictor: `s_0 = x_0`, `s_t = alpha x_t +
 * (1 - alpha) s_(t-1)` over the whole history given, oldest first; predicts `s_last` times the
 * margin. Recomputed from the history on each call, so it holds no state and two calls with the same
 * history agree (policies may be called at any time, e.g. after a reset).
 *
 * @example
 * ewma({ alpha: 0.5 }).predict([0, 4]); // 2
 */
export function ewma(options: EwmaOptions = {}): Predictor {
  const o = options as Record<string, unknown>;
  const alphaIn = numberOption(o, 'alpha', (v) => v > 0 && v <= 1, 'a number in (0, 1]');
  const halfLife = numberOption(o, 'halfLifeS', (v) => v > 0, 'a number of seconds > 0');
  if (alphaIn !== undefined && halfLife !== undefined) {
    throw new InputError([
      {
        path: 'predictor.halfLifeS',
        expected: 'either alpha or halfLifeS, not both',
        received: String(halfLife),
        hint: 'remove one of them',
      },
    ]);
  }
  const alpha = alphaIn ?? 1 - Math.pow(2, -1 / (halfLife ?? 10));
  const k = marginFactor(o);
  return {
    name: 'ewma',
    predict: (h) => {
      if (h.length === 0) return 0;
      let s = h[0];
      for (let i = 1; i < h.length; i++) s += alpha * (h[i] - s);
      return s * k;
    },
  };
}
