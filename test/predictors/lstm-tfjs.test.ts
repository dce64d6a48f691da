import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileLstm, ipaLstmModel, lstm, type LstmModel } from '../../src/predictors/index.js';

/** The same network in tfjs, with the shipped weights: the reference for the plain-TS forward pass. */
function tfjsModel(m: LstmModel): tf.Sequential {
  const model = tf.sequential();
  model.add(
    // Zero initialisers: the weights are replaced at once, and tfjs's orthogonal default is slow.
    tf.layers.lstm({
      units: m.units,
      activation: 'relu',
      recurrentActivation: 'sigmoid',
      inputShape: [m.inputSteps, 1],
      kernelInitializer: 'zeros',
      recurrentInitializer: 'zeros',
    }),
  );
  model.add(tf.layers.dense({ units: 1, kernelInitializer: 'zeros' }));
  const w = m.weights;
  model.layers[0].setWeights([tf.tensor2d(w.kernel), tf.tensor2d(w.recurrentKernel), tf.tensor1d(w.bias)]);
  model.layers[1].setWeights([tf.tensor2d(w.denseKernel), tf.tensor1d(w.denseBias)]);
  return model;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so failures replay. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('compileLstm(model) against tfjs model.predict', () => {
  let model: tf.Sequential;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = tfjsModel(ipaLstmModel);
  });

  it('compileLstm(ipaLstmModel)(x) equals tfjs to 1e-5 on random inputs', () => {
    const m = ipaLstmModel;
    const n = 200;
    const rand = mulberry32(1);
    // Scaled inputs: mostly the trained range (0-1 = 0-50 requests/s), some beyond it.
    const x = Float32Array.from({ length: n * m.inputSteps }, () => rand() * (rand() < 0.8 ? 1 : 3));
    const ref = tf.tidy(() => (model.predict(tf.tensor3d(x, [n, m.inputSteps, 1])) as tf.Tensor).dataSync());
    const forward = compileLstm(m);
    for (let i = 0; i < n; i++) {
      const ours = forward(x.subarray(i * m.inputSteps, (i + 1) * m.inputSteps));
      expect(Math.abs(ours - ref[i])).toBeLessThan(1e-5);
      // And in requests/s, relative to the prediction.
      expect(Math.abs(ours - ref[i]) * m.scale).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(ref[i] * m.scale)));
    }
  });

  it('lstm().predict(history) equals tfjs on the binned history, in requests/s', () => {
    const m = ipaLstmModel;
    const rand = mulberry32(2);
    const p = lstm();
    for (let trial = 0; trial < 20; trial++) {
      const h = Array.from({ length: 120 + Math.floor(rand() * 200) }, () => Math.floor(rand() * 40));
      const last = h.slice(-120);
      const bins = Array.from({ length: 12 }, (_, b) => Math.max(...last.slice(b * 10, b * 10 + 10)) / m.scale);
      const ref = tf.tidy(() => (model.predict(tf.tensor3d(bins, [1, 12, 1])) as tf.Tensor).dataSync()[0]);
      const want = Math.max(0, ref * m.scale);
      expect(Math.abs(p.predict(h) - want)).toBeLessThanOrEqual(1e-5 * Math.max(1, want));
    }
  });
});
