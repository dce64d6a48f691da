import { inputError } from '../../errors.js';

/** A dense layer, kernel row-major `[inputs][outputs]` flattened. */
export interface DenseWeights {
  kernel: number[];
  bias: number[];
}

/** A residual block: `h' = relu(h + dense2(relu(dense1(h))))`. */
export interface ResidualWeights {
  dense1: DenseWeights;
  dense2: DenseWeights;
}

/**
 * OPD's actor-critic network as plain data: a dense feature layer, residual blocks, and two heads
 * (policy logits for every action dimension, one state value) sharing the extractor. Plain JSON so
 * a trained policy runs in the browser-safe core without tfjs; {@link forwardNetwork} is its forward
 * pass, and the trainer (`src/rl`) builds the same network in tfjs.
 */
export interface NetworkWeights {
  inputSize: number;
  hidden: number;
  /** Logits: the sum of the action layout's `nvec`. */
  outputs: number;
  input: DenseWeights;
  blocks: ResidualWeights[];
  policy: DenseWeights;
  value: DenseWeights;
}

/** The network's shape: what {@link initNetwork} needs. */
export interface NetworkShape {
  inputSize: number;
  /** Width of the extractor; default 64. */
  hidden?: number;
  /** Residual blocks; default 2. */
  blocks?: number;
  outputs: number;
}

/**
 * Fresh weights from a seeded uniform stream, so initialisation is reproducible and the same on
 * every tfjs backend: Glorot-uniform kernels, zero biases; the second layer of each residual block
 * and the policy head scaled down (x0.1, x0.01) so the network starts near the identity and the
 * policy near uniform, as PPO implementations usually do with orthogonal gains.
 */
export function initNetwork(shape: NetworkShape, uniform: () => number): NetworkWeights {
  const hidden = shape.hidden ?? 64;
  const nBlocks = shape.blocks ?? 2;
  const dense = (n: number, m: number, gain = 1): DenseWeights => {
    const limit = gain * Math.sqrt(6 / (n + m));
    return { kernel: Array.from({ length: n * m }, () => Math.fround((2 * uniform() - 1) * limit)), bias: new Array<number>(m).fill(0) };
  };
  return {
    inputSize: shape.inputSize,
    hidden,
    outputs: shape.outputs,
    input: dense(shape.inputSize, hidden),
    blocks: Array.from({ length: nBlocks }, () => ({ dense1: dense(hidden, hidden), dense2: dense(hidden, hidden, 0.1) })),
    policy: dense(hidden, shape.outputs, 0.01),
    value: dense(hidden, 1),
  };
}

/** The network's outputs for one input. */
export interface NetworkOutput {
  logits: Float64Array;
  value: number;
}

/** out = W^T x + b over a flattened row-major kernel. */
function denseInto(w: DenseWeights, x: ArrayLike<number>, n: number, out: Float64Array): void {
  const m = out.length;
  for (let o = 0; o < m; o++) out[o] = w.bias[o];
  const k = w.kernel;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const row = i * m;
    for (let o = 0; o < m; o++) out[o] += xi * k[row + o];
  }
}

/**
 * A compiled forward pass: buffers are allocated once, so a decision allocates only its outputs.
 * Float64 arithmetic on float32 weights: decisions are the same on every platform, and within ~1e-6
 * of tfjs's float32 pass.
 */
export function compileNetwork(net: NetworkWeights): (x: ArrayLike<number>) => NetworkOutput {
  const H = net.hidden;
  const h = new Float64Array(H);
  const t = new Float64Array(H);
  const u = new Float64Array(H);
  const relu = (a: Float64Array) => {
    for (let i = 0; i < a.length; i++) if (a[i] < 0) a[i] = 0;
  };
  return (x) => {
    if (x.length !== net.inputSize) throw new RangeError(`network input has ${x.length} features, expected ${net.inputSize}`);
    denseInto(net.input, x, net.inputSize, h);
    relu(h);
    for (const b of net.blocks) {
      denseInto(b.dense1, h, H, t);
      relu(t);
      denseInto(b.dense2, t, H, u);
      for (let i = 0; i < H; i++) h[i] += u[i];
      relu(h);
    }
    const logits = new Float64Array(net.outputs);
    denseInto(net.policy, h, H, logits);
    const v = new Float64Array(1);
    denseInto(net.value, h, H, v);
    return { logits, value: v[0] };
  };
}

/** One-shot forward pass (compiles each call; use {@link compileNetwork} in loops). */
export function forwardNetwork(net: NetworkWeights, x: ArrayLike<number>): NetworkOutput {
  return compileNetwork(net)(x);
}

function checkDense(v: unknown, n: number, m: number, path: string): void {
  const d = v as DenseWeights | undefined;
  if (typeof d !== 'object' || d === null) inputError(path, 'a dense layer { kernel, bias }', v);
  const finite = (a: unknown, len: number) => Array.isArray(a) && a.length === len && a.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!finite(d.kernel, n * m)) inputError(`${path}.kernel`, `${n * m} finite numbers (${n} x ${m}, row-major)`, d.kernel);
  if (!finite(d.bias, m)) inputError(`${path}.bias`, `${m} finite numbers`, d.bias);
}

/**
 * Checks that `value` is usable {@link NetworkWeights} (sizes, finite numbers), so weights read from
 * a file fail with a path instead of producing NaN logits.
 *
 * @throws InputError
 */
export function parseNetwork(value: unknown, path: string): NetworkWeights {
  if (typeof value !== 'object' || value === null) inputError(path, 'network weights', value);
  const w = value as Record<string, unknown>;
  for (const k of ['inputSize', 'hidden', 'outputs'] as const) {
    const v = w[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) inputError(`${path}.${k}`, 'an integer >= 1', v);
  }
  const net = value as NetworkWeights;
  checkDense(net.input, net.inputSize, net.hidden, `${path}.input`);
  if (!Array.isArray(net.blocks)) inputError(`${path}.blocks`, 'an array of residual blocks', net.blocks);
  net.blocks.forEach((b, i) => {
    checkDense(b?.dense1, net.hidden, net.hidden, `${path}.blocks[${i}].dense1`);
    checkDense(b?.dense2, net.hidden, net.hidden, `${path}.blocks[${i}].dense2`);
  });
  checkDense(net.policy, net.hidden, net.outputs, `${path}.policy`);
  checkDense(net.value, net.hidden, 1, `${path}.value`);
  return net;
}
