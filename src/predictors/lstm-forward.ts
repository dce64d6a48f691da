import type { LstmModel } from './lstm-model.js';

/** One forward pass: scaled inputs (one per step, oldest first) to the scaled output. */
export type LstmForward = (inputs: ArrayLike<number>) => number;

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const relu = (x: number): number => (x > 0 ? x : 0);

/**
 * Compiles a model into a plain-TypeScript forward pass: the same equations as tfjs/Keras `LSTM`
 * (`return_sequences: false`) followed by `Dense(1)`:
 *
 * ```
 * z = x_t W + h_(t-1) U + b            split into z_i, z_f, z_c, z_o
 * c_t = s(z_f) * c_(t-1) + s(z_i) * relu(z_c)
 * h_t = s(z_o) * relu(c_t)             y = h_T . w_d + b_d
 * ```
 *
 * A 25-unit LSTM over 12 steps is ~32k multiply-adds (~60 us in Node), so predicting every adaptation
 * interval needs no tfjs at run time. Weights are copied into flat Float64Arrays once and the state
 * buffers are reused, so a call allocates nothing. Not reentrant (shared buffers), which is fine in
 * single-threaded JS.
 */
export function compileLstm(model: LstmModel): LstmForward {
  const u = model.units;
  const g = 4 * u;
  const wx = Float64Array.from(model.weights.kernel[0]);
  const wh = new Float64Array(u * g);
  model.weights.recurrentKernel.forEach((row, k) => wh.set(row, k * g));
  const b = Float64Array.from(model.weights.bias);
  const wd = Float64Array.from(model.weights.denseKernel.map((r) => r[0]));
  const bd = model.weights.denseBias[0];
  const h = new Float64Array(u);
  const c = new Float64Array(u);
  const z = new Float64Array(g);
  return (inputs) => {
    h.fill(0);
    c.fill(0);
    for (let t = 0; t < inputs.length; t++) {
      const x = inputs[t];
      for (let j = 0; j < g; j++) z[j] = b[j] + x * wx[j];
      for (let k = 0; k < u; k++) {
        const hk = h[k];
        if (hk === 0) continue; // relu makes many states exactly 0
        const off = k * g;
        for (let j = 0; j < g; j++) z[j] += hk * wh[off + j];
      }
      for (let j = 0; j < u; j++) {
        c[j] = sigmoid(z[u + j]) * c[j] + sigmoid(z[j]) * relu(z[2 * u + j]);
        h[j] = sigmoid(z[3 * u + j]) * relu(c[j]);
      }
    }
    let y = bd;
    for (let k = 0; k < u; k++) y += h[k] * wd[k];
    return y;
  };
}
