import type { LstmModel } from './lstm-model.js';
import type { LstmPrefixMemo } from './lstm-prefix-memo.js';

/** One forward pass: scaled inputs (one per step, oldest first) to the scaled output. */
export type LstmForward = (inputs: ArrayLike<number>) => number;

/**
 * {@link LstmForward} with an optional memo (of the model's units): the pass resumes from the state
 * stored for the longest stored prefix of `inputs` and stores the states of the prefixes it
 * computes; the same output, fewer steps.
 * @internal
 */
export type LstmMemoForward = (inputs: ArrayLike<number>, memo?: LstmPrefixMemo) => number;

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
 * A 25-unit LSTM over 12 steps is ~32k multiply-adds, so predicting every adaptation interval needs
 * no tfjs at run time. Weights are copied once into flat Float64Arrays, the recurrent kernel
 * transposed (one row per gate unit), and the state buffers are reused, so a call allocates
 * nothing. Not reentrant (shared buffers), which is fine in single-threaded JS.
 *
 * Only the gate units a step needs are computed, unit by unit: relu makes many states exactly 0, and
 * a gate that multiplies a zero is not needed (a gate times a zero is +0: gates are finite and
 * non-negative, c never negative). Per unit j the cell input `z_c` always; the forget gate only
 * where `c_(t-1)` is not 0; the input gate only where `z_c > 0`; the output gate only where `c_t >
 * 0`. Each pre-activation adds `b + x w` and then `h_k u_kj` over the non-zero `h_k` in ascending
 * `k`, the order (and so the bits) of the plain equations.
 */
export function compileLstm(model: LstmModel): LstmForward {
  return compileLstmWithMemo(model);
}

/** {@link compileLstm}, the pass taking an optional prefix memo. @internal */
export function compileLstmWithMemo(model: LstmModel): LstmMemoForward {
  const u = model.units;
  const g = 4 * u;
  const wx = Float64Array.from(model.weights.kernel[0]);
  // Transposed: row j holds the weights of every h_k into pre-activation j.
  const wt = new Float64Array(g * u);
  model.weights.recurrentKernel.forEach((row, k) => {
    for (let j = 0; j < g; j++) wt[j * u + k] = row[j];
  });
  const b = Float64Array.from(model.weights.bias);
  const wd = Float64Array.from(model.weights.denseKernel.map((r) => r[0]));
  const bd = model.weights.denseBias[0];
  const h = new Float64Array(u);
  const c = new Float64Array(u);
  // h_(t-1) as a list of its non-zero entries (index, value): h itself is overwritten unit by unit.
  const nz = new Int32Array(u);
  const hv = new Float64Array(u);
  /** Pre-activation `j` at a step with input `x` and `m` non-zero states. */
  const pre = (j: number, x: number, m: number): number => {
    let z = b[j] + x * wx[j];
    const row = j * u;
    for (let i = 0; i < m; i++) z += hv[i] * wt[row + nz[i]];
    return z;
  };
  return (inputs, memo) => {
    h.fill(0);
    c.fill(0);
    if (memo !== undefined && memo.units !== u) throw new RangeError(`an LSTM prefix memo of ${memo.units} units used with a model of ${u}`);
    const T = inputs.length;
    // Resume after the longest stored prefix (never the whole window: the last step is computed).
    const stored = memo === undefined ? 0 : Math.min(memo.depth, T - 1);
    let t = 0;
    let node = -1;
    while (t < stored) {
      const next = memo!.child(node, inputs[t]);
      if (next < 0) break;
      node = next;
      t++;
    }
    if (node >= 0) memo!.load(node, h, c);
    for (; t < T; t++) {
      const x = inputs[t];
      let m = 0;
      for (let k = 0; k < u; k++) {
        const hk = h[k];
        if (hk !== 0) {
          nz[m] = k;
          hv[m++] = hk;
        }
      }
      for (let j = 0; j < u; j++) {
        const cj = c[j];
        const zc = pre(2 * u + j, x, m);
        const cn = (cj === 0 ? 0 : sigmoid(pre(u + j, x, m)) * cj) + (zc > 0 ? sigmoid(pre(j, x, m)) * zc : 0);
        c[j] = cn;
        h[j] = cn > 0 ? sigmoid(pre(3 * u + j, x, m)) * cn : 0;
      }
      // Store the state after this prefix; stop storing once the memo was full (and so emptied).
      if (t < stored && (node >= 0 || t === 0)) node = memo!.add(node, x, h, c);
    }
    let y = bd;
    for (let k = 0; k < u; k++) y += h[k] * wd[k];
    return y;
  };
}
