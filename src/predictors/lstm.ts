import { ipaLstmModel } from './lstm-weights.generated.js';
import { compileLstmWithMemo, type LstmMemoForward } from './lstm-forward.js';
import { parseLstmModel, type LstmModel } from './lstm-model.js';
import { LstmPrefixMemo } from './lstm-prefix-memo.js';
import { marginFactor, numberOption } from './options.js';
import type { Predictor } from './types.js';
import { maxOf } from './window.js';

/** Options of {@link lstm}. */
export interface LstmOptions {
  /** The trained model; default the shipped IPA reproduction ({@link ipaLstmModel}). */
  model?: LstmModel;
  /**
   * How many times larger the simulated load is than the load the model was trained on (the Twitter
   * trace divided by 8, 1-48 requests/s); inputs are divided by it and the prediction multiplied
   * back. Default 1. A relu LSTM does not extrapolate far outside its training range.
   */
  loadScale?: number;
  /** Headroom in percent added to the prediction (IPA's `predictor_margin`); default 0. */
  marginPct?: number;
}

/**
 * One compiled forward pass per model object, shared by every predictor of that model (the pass
 * keeps no state between calls). Compiling anew for each predictor made every run after a
 * process's first ~2.5x slower to predict (~28 us instead of ~10 us per IPA decision): from the
 * second closure of the same code on, the optimiser no longer specialises it to its weights.
 */
const forwards = new WeakMap<LstmModel, LstmMemoForward>();
function compiled(model: LstmModel): LstmMemoForward {
  let f = forwards.get(model);
  if (!f) forwards.set(model, (f = compileLstmWithMemo(model)));
  return f;
}

/**
 * IPA's LSTM load predictor: the last `inputSteps x binS` seconds (120 s) reduced to 12 maxima of
 * 10 s each, oldest first, fed to the LSTM, which predicts the max load of the next 20 s. Until that
 * much history exists it falls back to the max over the history there is, as IPA does. The output is
 * clamped at 0 (a linear output unit can go negative) and multiplied by the margin.
 *
 * Bins end at the most recent second; IPA cuts them from the start of its monitoring window, which
 * is the same when, as in both IPA and infersim, the history is a whole number of bins.
 *
 * The forward pass is plain TypeScript ({@link compileLstm}): no tfjs at run time. Consecutive
 * windows often start with the same bins, so the predictor keeps the pass's states by input prefix
 * (bounded, exact: `LstmPrefixMemo`) and resumes from them.
 */
export function lstm(options: LstmOptions = {}): Predictor {
  const o = options as Record<string, unknown>;
  const model = options.model === undefined ? ipaLstmModel : parseLstmModel(options.model);
  const loadScale = numberOption(o, 'loadScale', (v) => v > 0, 'a number > 0', 1);
  const k = marginFactor(o);
  const forward = compiled(model);
  const steps = model.inputSteps;
  const bin = model.binS;
  const need = steps * bin;
  const unit = model.scale * loadScale;
  const x = new Float64Array(steps);
  // This predictor's own memo of states by input prefix (the pass is shared, its memo is not, so a
  // run's predictions cost the same whatever ran before it in the process).
  const memo = new LstmPrefixMemo(model.units);
  return {
    name: 'lstm',
    predict: (h) => {
      const n = h.length;
      if (n < need) return maxOf(h, 0, n) * k;
      const start = n - need;
      for (let s = 0; s < steps; s++) x[s] = maxOf(h, start + s * bin, start + (s + 1) * bin) / unit;
      return Math.max(0, forward(x, memo) * unit) * k;
    },
  };
}
