import type { LstmModel } from './lstm-model.js';

/** One forward pass: scaled inputs (one per step, oldest first) to the scaled output. */
export type LstmForward = (inputs: ArrayLike<number>) => number;

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

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
  const nz = new Int32Array(u);
  return (inputs) => {
    h.fill(0);
    c.fill(0);
    for (let t = 0; t < inputs.length; t++) {
      const x = inputs[t];
      for (let j = 0; j < g; j++) z[j] = b[j] + x * wx[j];
      // relu makes many states exactly 0: their terms are skipped. The others are added four
      // states at a time, in the same order (k ascending) and so to the same bits as one at a
      // time, with a quarter of the loads and stores of z.
      let m = 0;
      for (let k = 0; k < u; k++) if (h[k] !== 0) nz[m++] = k;
      let i = 0;
      for (; i + 4 <= m; i += 4) {
        const k0 = nz[i];
        const k1 = nz[i + 1];
        const k2 = nz[i + 2];
        const k3 = nz[i + 3];
        const h0 = h[k0];
        const h1 = h[k1];
        const h2 = h[k2];
        const h3 = h[k3];
        const o0 = k0 * g;
        const o1 = k1 * g;
        const o2 = k2 * g;
        const o3 = k3 * g;
        for (let j = 0; j < g; j++) z[j] = z[j] + h0 * wh[o0 + j] + h1 * wh[o1 + j] + h2 * wh[o2 + j] + h3 * wh[o3 + j];
      }
      for (; i < m; i++) {
        const hk = h[nz[i]];
        const off = nz[i] * g;
        for (let j = 0; j < g; j++) z[j] += hk * wh[off + j];
      }
      // A gate times a zero is +0 (gates are finite and non-negative, c never negative), so the
      // gate's exp is skipped there: the same bits as the equations above, with far fewer exps.
      for (let j = 0; j < u; j++) {
        const cj = c[j];
        const zc = z[2 * u + j];
        const cn = (cj === 0 ? 0 : sigmoid(z[u + j]) * cj) + (zc > 0 ? sigmoid(z[j]) * zc : 0);
        c[j] = cn;
        h[j] = cn > 0 ? sigmoid(z[3 * u + j]) * cn : 0;
      }
    }
    let y = bd;
    for (let k = 0; k < u; k++) y += h[k] * wd[k];
    return y;
  };
}
