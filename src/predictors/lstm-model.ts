import { inputError } from '../errors.js';

/**
 * Trained weights of a one-layer LSTM followed by a dense unit, in Keras/tfjs layout: gates ordered
 * input, forget, cell, output along the last axis of `kernel`, `recurrentKernel` and `bias`.
 */
export interface LstmWeights {
  /** `[inputDim = 1][4 * units]`. */
  kernel: number[][];
  /** `[units][4 * units]`. */
  recurrentKernel: number[][];
  /** `[4 * units]`. */
  bias: number[];
  /** `[units][1]`. */
  denseKernel: number[][];
  /** `[1]`. */
  denseBias: number[];
}

/**
 * A load-prediction LSTM as plain JSON: what `scripts/train-lstm.ts` writes to
 * `models/lstm/ipa-lstm.json` and what {@link lstm} runs. Plain data, so the browser-safe core needs
 * no tfjs to use it.
 */
export interface LstmModel {
  /** Format tag, bumped if the layout changes. */
  format: 'infersim-lstm/1';
  /** Input bins (IPA: 12). */
  inputSteps: number;
  /** Seconds per input bin; each bin is the max of its seconds (IPA: 10). */
  binS: number;
  /** Seconds ahead whose max load is predicted (IPA: 20). Documentation: the model does not use it. */
  horizonS: number;
  /** LSTM units (IPA: 25). */
  units: number;
  /** Cell and output activation (IPA: relu). */
  activation: 'relu';
  /** Gate activation (Keras 2 default, which IPA used: sigmoid). */
  recurrentActivation: 'sigmoid';
  /** Inputs are divided by this and the output multiplied by it (requests/s). */
  scale: number;
  /** The trained parameters. */
  weights: LstmWeights;
  /** Free-form provenance: data, split, epochs, seed, date, test errors. */
  training?: Record<string, unknown>;
}

function isNumberArray(v: unknown, length: number): v is number[] {
  return Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

function checkMatrix(v: unknown, rows: number, cols: number, path: string): number[][] {
  if (!Array.isArray(v) || v.length !== rows || !v.every((r) => isNumberArray(r, cols))) {
    inputError(path, `a ${rows} x ${cols} array of finite numbers`, v);
  }
  return v as number[][];
}

/**
 * Checks that `value` is a usable {@link LstmModel} (format, sizes, finite weights) and returns it
 * typed, so weights loaded from a file fail early with a path rather than as NaN predictions.
 *
 * @param path - where the model sits in the user's input, for messages
 * @throws InputError
 */
export function parseLstmModel(value: unknown, path = 'predictor.model'): LstmModel {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) inputError(path, 'an LSTM model object', value);
  const m = value as Record<string, unknown>;
  if (m.format !== 'infersim-lstm/1') inputError(`${path}.format`, '"infersim-lstm/1"', m.format);
  const posInt = (k: string) => {
    const v = m[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) inputError(`${path}.${k}`, 'a whole number >= 1', v);
    return v;
  };
  posInt('inputSteps');
  posInt('binS');
  posInt('horizonS');
  const units = posInt('units');
  if (m.activation !== 'relu') inputError(`${path}.activation`, '"relu"', m.activation);
  if (m.recurrentActivation !== 'sigmoid') inputError(`${path}.recurrentActivation`, '"sigmoid"', m.recurrentActivation);
  if (typeof m.scale !== 'number' || !Number.isFinite(m.scale) || m.scale <= 0) inputError(`${path}.scale`, 'a number > 0', m.scale);
  const w = m.weights as Record<string, unknown> | undefined;
  if (typeof w !== 'object' || w === null) inputError(`${path}.weights`, 'an object of weight arrays', w);
  checkMatrix(w.kernel, 1, 4 * units, `${path}.weights.kernel`);
  checkMatrix(w.recurrentKernel, units, 4 * units, `${path}.weights.recurrentKernel`);
  if (!isNumberArray(w.bias, 4 * units)) inputError(`${path}.weights.bias`, `an array of ${4 * units} finite numbers`, w.bias);
  checkMatrix(w.denseKernel, units, 1, `${path}.weights.denseKernel`);
  if (!isNumberArray(w.denseBias, 1)) inputError(`${path}.weights.denseBias`, 'an array of 1 finite number', w.denseBias);
  return value as LstmModel;
}
