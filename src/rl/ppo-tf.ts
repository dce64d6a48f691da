import type * as TF from '@tensorflow/tfjs';
import type { DenseWeights, NetworkWeights } from '../policies/learning/network.js';
import type { PpoBatch, PpoLossOptions, PpoLosses } from './ppo-losses.js';

/** The actor-critic in tfjs: the same network as `compileNetwork`, trainable. */
export interface TfActorCritic {
  /** One gradient step on a minibatch; returns its losses. */
  step(batch: PpoBatch): PpoLosses;
  /** The current weights as plain JSON data (float32 values). */
  weights(): NetworkWeights;
  dispose(): void;
}

let networks = 0;

/**
 * Builds the trainable network from plain weights (so initialisation is our seeded one, identical
 * on every backend) with an Adam optimiser. The forward pass mirrors `compileNetwork`: dense + relu,
 * residual blocks `relu(h + W2 relu(W1 h))`, a policy head of logits and a value head.
 *
 * The loss is PPO's: clipped surrogate `-min(ratio A, clip(ratio) A)`, value MSE, minus an entropy
 * bonus; the log-probability of a multi-discrete action is the sum over dimensions of a masked
 * log-softmax per dimension. Gradients are clipped by global norm before Adam applies them.
 */
export function createTfActorCritic(tf: typeof TF, init: NetworkWeights, nvec: readonly number[], learningRate: number, loss: PpoLossOptions): TfActorCritic {
  const H = init.hidden;
  // tfjs registers variables by name process-wide: a fresh prefix per network.
  const prefix = `infersim-ppo-${++networks}`;
  const dense = (w: DenseWeights, n: number, m: number, name: string) => ({
    k: tf.variable(tf.tensor2d(w.kernel, [n, m]), true, `${prefix}/${name}/kernel`),
    b: tf.variable(tf.tensor1d(w.bias), true, `${prefix}/${name}/bias`),
  });
  const input = dense(init.input, init.inputSize, H, 'input');
  const blocks = init.blocks.map((b, i) => ({ d1: dense(b.dense1, H, H, `block${i}/dense1`), d2: dense(b.dense2, H, H, `block${i}/dense2`) }));
  const policy = dense(init.policy, H, init.outputs, 'policy');
  const value = dense(init.value, H, 1, 'value');
  const vars = [input, ...blocks.flatMap((b) => [b.d1, b.d2]), policy, value].flatMap((d) => [d.k, d.b]);
  const optimizer = tf.train.adam(learningRate);
  const offsets: number[] = [];
  nvec.reduce((o, n) => (offsets.push(o), o + n), 0);

  const forward = (x: TF.Tensor2D) => {
    let h = tf.relu(tf.add(tf.matMul(x, input.k), input.b)) as TF.Tensor2D;
    for (const b of blocks) {
      const t = tf.relu(tf.add(tf.matMul(h, b.d1.k), b.d1.b)) as TF.Tensor2D;
      const u = tf.add(tf.matMul(t, b.d2.k), b.d2.b);
      h = tf.relu(tf.add(h, u)) as TF.Tensor2D;
    }
    const logits = tf.add(tf.matMul(h, policy.k), policy.b) as TF.Tensor2D;
    const v = tf.reshape(tf.add(tf.matMul(h, value.k), value.b), [-1]) as TF.Tensor1D;
    return { logits, v };
  };

  return {
    step(batch) {
      const n = batch.n;
      const L = init.outputs;
      const out = { policy: 0, value: 0, entropy: 0, imitation: 0, clipFraction: 0 };
      tf.tidy(() => {
        const x = tf.tensor2d(batch.obs, [n, init.inputSize]);
        const onehot = tf.tensor2d(batch.onehot, [n, L]);
        const mask = tf.tensor2d(batch.maskAdd, [n, L]);
        const oldLp = tf.tensor1d(batch.oldLogProb);
        const adv = tf.tensor1d(batch.advantage);
        const ret = tf.tensor1d(batch.returns);
        const expert = tf.tensor1d(batch.expert);
        const nExpert = batch.expert.reduce((a, b) => a + b, 0);
        const lossFn = () => {
          const { logits, v } = forward(x);
          const masked = tf.add(logits, mask);
          const parts = nvec.map((m, i) => tf.logSoftmax(tf.slice(masked, [0, offsets[i]], [n, m])));
          const logp = tf.concat(parts, 1);
          const lp = tf.sum(tf.mul(onehot, logp), 1);
          const ratio = tf.exp(tf.sub(lp, oldLp));
          const s1 = tf.mul(ratio, adv);
          const s2 = tf.mul(tf.clipByValue(ratio, 1 - loss.clip, 1 + loss.clip), adv);
          const pg = tf.neg(tf.mean(tf.minimum(s1, s2)));
          const vl = tf.mean(tf.square(tf.sub(v, ret)));
          // Masked entries have probability exactly 0, so p * log p is 0 there, not NaN.
          const ent = tf.mean(tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)));
          const imit = nExpert > 0 && loss.imitationCoef > 0 ? tf.div(tf.neg(tf.sum(tf.mul(lp, expert))), nExpert) : tf.scalar(0);
          const total = tf.add(tf.add(pg, tf.mul(vl, loss.valueCoef)), tf.sub(tf.mul(imit, loss.imitationCoef), tf.mul(ent, loss.entropyCoef))) as TF.Scalar;
          out.policy = pg.dataSync()[0];
          out.value = vl.dataSync()[0];
          out.entropy = ent.dataSync()[0];
          out.imitation = imit.dataSync()[0];
          out.clipFraction = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), loss.clip), 'float32')).dataSync()[0];
          return total;
        };
        const { grads } = tf.variableGrads(lossFn, vars);
        const names = Object.keys(grads);
        const norm = Math.sqrt(names.reduce((s, k) => s + tf.sum(tf.square(grads[k])).dataSync()[0], 0));
        const scale = norm > loss.maxGradNorm ? loss.maxGradNorm / (norm + 1e-6) : 1;
        const clipped: Record<string, TF.Tensor> = {};
        for (const k of names) clipped[k] = scale === 1 ? grads[k] : tf.mul(grads[k], scale);
        optimizer.applyGradients(names.map((name) => ({ name, tensor: clipped[name] })));
      });
      return out;
    },
    weights() {
      const d = (w: { k: TF.Variable; b: TF.Variable }): DenseWeights => ({ kernel: Array.from(w.k.dataSync()), bias: Array.from(w.b.dataSync()) });
      return {
        inputSize: init.inputSize,
        hidden: H,
        outputs: init.outputs,
        input: d(input),
        blocks: blocks.map((b) => ({ dense1: d(b.d1), dense2: d(b.d2) })),
        policy: d(policy),
        value: d(value),
      };
    },
    dispose() {
      for (const v of vars) v.dispose();
      optimizer.dispose();
    },
  };
}
